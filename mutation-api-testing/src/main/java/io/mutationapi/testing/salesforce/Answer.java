package io.mutationapi.testing.salesforce;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP answer of the fake: status, content type (null for none), body and extra headers.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, or null to send none
 * @param body the body bytes, empty for none
 * @param headers extra response headers
 */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json;charset=UTF-8";

  static Answer json(int status, String body) {
    return new Answer(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Answer empty(int status) {
    return new Answer(status, null, new byte[0], Map.of());
  }

  static Answer html(int status, String body) {
    return new Answer(
        status, "text/html;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
