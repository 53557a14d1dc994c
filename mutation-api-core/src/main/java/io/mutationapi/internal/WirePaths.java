package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;

/** JSON paths in the notation of error messages: {@code records[3].data.Email}. */
final class WirePaths {
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
            (c.getParent() != null && c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
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
    return path.startsWith(".") ? path.substring(1) : path;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static String field(String path, String name) {
    return path.isEmpty() || path.equals("$") ? name : path + "." + name;
  }
}
