package io.mutationapi.testing.salesforce;

import java.util.Objects;

/**
 * Salesforce record ids: the 15-character case-sensitive form, the 18-character form with its
 * three-character checksum suffix, and the conversion between them.
 *
 * <p>The checksum splits the 15 characters into three chunks of five; in each chunk the character
 * at position {@code k} adds {@code 2^k} when it is an ASCII upper-case letter, and the sum (0 to
 * 31) picks a character of {@code ABCDEFGHIJKLMNOPQRSTUVWXYZ012345}. Stateless and thread-safe.
 */
public final class SalesforceIds {
  private static final String CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private SalesforceIds() {}

  /**
   * Returns the three-character checksum suffix of a 15-character id.
   *
   * @throws IllegalArgumentException if {@code id15} is not 15 base-62 characters
   */
  public static String checksum(String id15) {
    if (!isBase62(id15, 15)) {
      throw new IllegalArgumentException("not a 15-character base-62 id: " + id15);
    }
    StringBuilder suffix = new StringBuilder(3);
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int k = 0; k < 5; k++) {
        char c = id15.charAt(chunk * 5 + k);
        if (c >= 'A' && c <= 'Z') {
          bits |= 1 << k;
        }
      }
      suffix.append(CHECKSUM_ALPHABET.charAt(bits));
    }
    return suffix.toString();
  }

  /**
   * Returns the 18-character form of a 15- or 18-character id, or throws when it is not one.
   *
   * @throws IllegalArgumentException if {@code id} is neither 15 base-62 characters nor 18 with the
   *     right checksum
   */
  public static String to18(String id) {
    Objects.requireNonNull(id, "id");
    if (id.length() == 15) {
      return id + checksum(id);
    }
    if (isValid18(id)) {
      return id;
    }
    throw new IllegalArgumentException("malformed id " + id);
  }

  /** Returns whether {@code id} is 15 base-62 characters or 18 with a correct checksum. */
  public static boolean isValid(String id) {
    return id != null && (isBase62(id, 15) || isValid18(id));
  }

  /**
   * Builds the 18-character id for a key prefix (three characters, such as {@code 003}) and a
   * counter, as the fake assigns them: prefix, a two-character instance part, {@code 0}, and the
   * counter in base 62 over nine characters.
   */
  static String make(String keyPrefix, long counter) {
    char[] digits = new char[9];
    long n = counter;
    for (int i = 8; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) Math.floorMod(n, 62L));
      n = Math.floorDiv(n, 62L);
    }
    String id15 = keyPrefix + "Fk0" + new String(digits);
    return id15 + checksum(id15);
  }

  private static boolean isValid18(String id) {
    return id.length() == 18
        && isBase62(id.substring(0, 15), 15)
        && checksum(id.substring(0, 15)).equals(id.substring(15));
  }

  private static boolean isBase62(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (BASE62.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
