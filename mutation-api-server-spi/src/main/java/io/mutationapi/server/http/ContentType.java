package io.mutationapi.server.http;

import java.util.Locale;
import java.util.Optional;

/** The content type check: JSON, in UTF-8 if a charset is named. */
final class ContentType {
  private ContentType() {}

  /** Returns true for {@code application/json}, with no charset or a UTF-8 one. */
  static boolean isJson(Optional<String> contentType) {
    if (contentType.isEmpty()) {
      return false;
    }
    if (contentType.get().equalsIgnoreCase("application/json")) {
      return true;
    }
    String[] parts = contentType.get().split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return false;
        }
      }
    }
    return true;
  }
}
