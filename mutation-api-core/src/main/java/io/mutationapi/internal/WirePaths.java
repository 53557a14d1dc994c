package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JSON paths in the notation of error messages: {@code records[3].data.Email}.
 *
 * <p>Names in a path come from the body, so a path is bounded: each name is shortened like other
 * echoed input, and a path longer than {@link #MAX_LENGTH} keeps only its end, the most specific
 * part.
 */
final class WirePaths {
  /** The longest path put in a message, in characters. */
  static final int MAX_LENGTH = 256;

  private WirePaths() {}

  /** Returns the path of the parser's current position, or {@code "$"} at the root. */
  static String of(JsonParser p) {
    return of(p.getParsingContext());
  }

  static String of(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.push(
            (c.getParent() != null && c.getParent().inRoot() ? "" : ".")
                + Echo.truncate(c.getCurrentName()));
      }
    }
    if (parts.isEmpty()) {
      return "$";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      sb.append(part);
    }
    String path = sb.toString();
    path = path.startsWith(".") ? path.substring(1) : path;
    if (path.length() > MAX_LENGTH) {
      int start = path.length() - MAX_LENGTH;
      if (Character.isLowSurrogate(path.charAt(start))) {
        start++;
      }
      path = "..." + path.substring(start);
    }
    return path;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static String field(String path, String name) {
    return path.isEmpty() || path.equals("$") ? name : path + "." + name;
  }
}
