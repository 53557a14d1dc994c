package io.mutationapi.internal;

/**
 * The one rule for echoing input in a message: what a request sent (an unknown field, an id, a
 * value) is shown at most 64 characters long, with control characters escaped, so that a hostile
 * body can neither bloat an answer nor forge lines in a log. The codec and the server's engine both
 * use it.
 */
public final class Echo {
  /** The most characters of an input shown in a message, before {@code "..."}. */
  public static final int MAX_LENGTH = 64;

  private Echo() {}

  /**
   * Returns {@code s} fit for a message: its first {@link #MAX_LENGTH} characters (never half a
   * surrogate pair), then {@code "..."} if it was longer, with control characters as {@code
   * \\uXXXX}.
   */
  public static String truncate(String s) {
    boolean longer = s.length() > MAX_LENGTH;
    int end =
        !longer
            ? s.length()
            : Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    StringBuilder sb = null;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        // Control characters would let a body forge lines in the server's log.
        if (sb == null) {
          sb = new StringBuilder(end + 8).append(s, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    String shown = sb != null ? sb.toString() : s.substring(0, end);
    return longer ? shown + "..." : shown;
  }
}
