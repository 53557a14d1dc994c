package io.mutationapi.server;

import java.util.Map;

/**
 * Ids of Salesforce's shape for {@link InMemoryUpstream}: a 3-character prefix per collection, 12
 * characters, then the 3-character case-safe checksum; a 15-character id gains its checksum.
 */
final class SalesforceIds {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Map<String, String> KNOWN_PREFIXES =
      Map.of(
          "salesforce:account", "001",
          "salesforce:contact", "003",
          "salesforce:user", "005",
          "salesforce:opportunity", "006",
          "salesforce:lead", "00Q",
          "salesforce:task", "00T",
          "salesforce:event", "00U",
          "salesforce:case", "500");

  private SalesforceIds() {}

  /** Returns the 18-character id number {@code n} of {@code prefix}. */
  static String id(String prefix, long n) {
    StringBuilder id = new StringBuilder(18).append(prefix).append("8b0000");
    char[] digits = new char[6];
    for (int i = 5; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    id.append(digits);
    return id.append(checksum(id)).toString();
  }

  /**
   * Returns Salesforce's prefix of a known collection; custom objects get one starting with 'a', as
   * in Salesforce, stable per collection.
   */
  static String prefix(String collectionId) {
    String prefix = KNOWN_PREFIXES.get(collectionId);
    if (prefix != null) {
      return prefix;
    }
    int h = Math.floorMod(collectionId.hashCode(), 62 * 62);
    return "a" + BASE62.charAt(h / 62) + BASE62.charAt(h % 62);
  }

  /** True if {@code prefix} is 3 letters or digits. */
  static boolean isPrefix(String prefix) {
    return prefix.length() == 3 && prefix.chars().allMatch(c -> BASE62.indexOf(c) >= 0);
  }

  /** Returns {@code id} with its checksum if it has 15 characters, else {@code id}. */
  static String normalize(String id) {
    return id.length() == 15 ? id + checksum(id) : id;
  }

  /**
   * Salesforce's case-safe suffix: one character per 5 characters, flagging the upper-case ones.
   */
  private static String checksum(CharSequence id15) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    char[] suffix = new char[3];
    for (int chunk = 0; chunk < 3; chunk++) {
      int flags = 0;
      for (int j = 0; j < 5; j++) {
        char c = id15.charAt(chunk * 5 + j);
        if (c >= 'A' && c <= 'Z') {
          flags |= 1 << j;
        }
      }
      suffix[chunk] = alphabet.charAt(flags);
    }
    return new String(suffix);
  }
}
