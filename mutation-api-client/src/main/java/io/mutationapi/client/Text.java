package io.mutationapi.client;

/**
 * Makes text that came from the server safe to put into a message or a log line: control characters
 * are escaped, so a server cannot forge lines or terminal sequences, and the length is bounded, so
 * a megabyte of error text does not become a megabyte of message.
 */
final class Text {
  /** The most characters of one server-sent value that a message shows. */
  static final int MAX_MESSAGE = 1000;

  /** The most characters of a short server-sent value (a code, a request id) that one shows. */
  static final int MAX_SHORT = 200;

  private Text() {}

  /** Returns {@code s} with control characters escaped and at most {@code max} characters kept. */
  static String printable(String s, int max) {
    if (s == null) {
      return "null";
    }
    int end = Math.min(s.length(), max);
    if (end < s.length() && end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    StringBuilder sb = null;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
      if (control) {
        if (sb == null) {
          sb = new StringBuilder(end + 16).append(s, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    String kept = sb != null ? sb.toString() : s.substring(0, end);
    return end < s.length() ? kept + "... (" + (s.length() - end) + " more characters)" : kept;
  }

  /** Replaces the user info of a URL ({@code http://user:password@host/}) with a placeholder. */
  static String redactUserInfo(String url) {
    return url == null
        ? null
        : url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1<redacted>@");
  }
}
