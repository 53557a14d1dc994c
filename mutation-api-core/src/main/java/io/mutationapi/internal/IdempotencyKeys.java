package io.mutationapi.internal;

/**
 * The one rule for an {@code Idempotency-Key}: 1 to {@value #MAX_LENGTH} printable ASCII characters
 * (0x20 to 0x7e). The client checks a caller's key with it before sending, the server every key it
 * receives.
 */
public final class IdempotencyKeys {
  private IdempotencyKeys() {}

  /** The longest key, in characters. */
  public static final int MAX_LENGTH = 255;

  /**
   * Returns what is wrong with {@code key}, as the end of a sentence that names it ({@code "must be
   * 1 to 255 characters, not 300"}, {@code "must be printable ASCII; index 3 is not"}), or null if
   * it is a valid key.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public static String problem(String key) {
    if (key.isEmpty() || key.length() > MAX_LENGTH) {
      return "must be 1 to " + MAX_LENGTH + " characters, not " + key.length();
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return "must be printable ASCII; index " + i + " is not";
      }
    }
    return null;
  }

  /** Whether {@code key} is a valid key: {@link #problem} finds nothing wrong with it. */
  public static boolean isValid(String key) {
    return problem(key) == null;
  }
}
