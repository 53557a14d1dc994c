package io.mutationapi.server.http;

import java.util.List;
import java.util.Optional;

/**
 * Authentication, as far as HTTP goes: what the {@code Authorization} header holds, a usable token,
 * nothing, or something unusable.
 */
record BearerCredentials(Optional<String> token) {
  static final BearerCredentials MISSING = new BearerCredentials(Optional.empty());
  static final BearerCredentials INVALID = new BearerCredentials(Optional.empty());

  /**
   * The bearer token of the request, read strictly: exactly one {@code Authorization} header, the
   * scheme {@code Bearer}, one or more spaces, then a token of visible ASCII characters only. Any
   * other form is treated as no valid token, so that a token padded with control characters, or two
   * headers in either order, are refused alike.
   */
  static BearerCredentials of(HandlerRequest request) {
    List<String> headers = request.headers().get("Authorization");
    if (headers == null || headers.isEmpty()) {
      return MISSING;
    }
    if (headers.size() > 1) {
      return INVALID;
    }
    String value = stripSpaces(headers.get(0));
    if (value.isEmpty()) {
      return MISSING;
    }
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return INVALID;
    }
    String token = stripSpaces(value.substring(7));
    return token.isEmpty() || !RequestIds.isVisibleAscii(token)
        ? INVALID
        : new BearerCredentials(Optional.of(token));
  }

  /** Strips the optional whitespace HTTP allows around a field value (spaces and tabs only). */
  private static String stripSpaces(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }
}
