package io.mutationapi.server.http;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response from {@link MutationHttpHandler}, for a binding to copy out.
 *
 * <p>Every response has the header {@code X-Request-Id}, and a JSON body with {@code Content-Type},
 * except a {@code 204} (an ack), which has no body; some have {@code Allow}, {@code
 * WWW-Authenticate} or {@code Retry-After}. The body array is not copied: do not modify it.
 *
 * @param status the HTTP status
 * @param headers the headers, one value each
 * @param body the body bytes (UTF-8 JSON)
 */
public record HandlerResponse(int status, Map<String, String> headers, byte[] body) {
  /** Validates and copies the headers. */
  public HandlerResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status: " + status);
    }
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** Returns the value of header {@code name} (exact case as the handler sets it), or null. */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return "HandlerResponse{"
        + status
        + ", headers="
        + headers.keySet()
        + ", "
        + body.length
        + " bytes}";
  }
}
