package io.mutationapi.server.http;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as {@link MutationHttpHandler} needs it, independent of any framework.
 *
 * <p>Header names are matched without regard to case. The body is a stream so that the handler can
 * answer 413 as soon as it has read more than the limit, without buffering the rest; the handler
 * reads it at most once, during {@link MutationHttpHandler#handle}, and does not close it.
 *
 * @param method the method, e.g. {@code "POST"}
 * @param path the path without query string, e.g. {@code "/v1/mutations/run"}
 * @param headers the headers, each name with its values
 * @param body the body; empty if there is none
 * @param query the query string as sent, still percent-encoded, without the {@code ?}; {@code ""}
 *     if there is none (null is taken as none)
 */
public record HandlerRequest(
    String method, String path, Map<String, List<String>> headers, InputStream body, String query) {

  /** Validates and copies the headers into a case-insensitive map. */
  public HandlerRequest {
    query = query == null ? "" : query;
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      if (name != null) {
        // Names that differ only in case are one header: their values are joined, in order.
        copy.merge(name, List.copyOf(header.getValue()), HandlerRequest::join);
      }
    }
    headers = Collections.unmodifiableMap(copy);
  }

  /** A request without a query string. */
  public HandlerRequest(
      String method, String path, Map<String, List<String>> headers, InputStream body) {
    this(method, path, headers, body, "");
  }

  private static List<String> join(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  /** Returns a description with the header names but no header values (they hold the token). */
  @Override
  public String toString() {
    return "HandlerRequest{"
        + method
        + " "
        + path
        + (query.isEmpty() ? "" : "?...")
        + ", headers="
        + headers.keySet()
        + "}";
  }

  /** Returns the first value of header {@code name}, if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
