package io.mutationapi.testing.salesforce;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as {@link FakeSalesforce} received it: method, path, raw query, headers (names
 * compared ignoring case) and body as text. Immutable; {@link #toString()} shows only the method
 * and path, since headers and bodies carry tokens, secrets and record data.
 *
 * @param method the HTTP method, such as {@code PATCH}
 * @param path the decoded path, such as {@code /services/data/v62.0/composite/sobjects}
 * @param query the raw query string, empty when there is none
 * @param headers the request headers; several values of one header are joined with {@code ", "}
 * @param body the body as UTF-8 text, empty when there is none
 */
public record RecordedCall(
    String method, String path, String query, Map<String, String> headers, String body) {

  /** Copies the headers into a map that ignores the case of names. */
  public RecordedCall {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = Collections.unmodifiableMap(copy);
    query = query == null ? "" : query;
    body = body == null ? "" : body;
  }

  /** Returns the value of the header {@code name} (any case), if it was sent. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** Returns the decoded value of the query parameter {@code name}, if it was sent. */
  public Optional<String> queryParameter(String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return Optional.of(
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** Returns whether this is a call to the token endpoint. */
  public boolean isTokenRequest() {
    return path.equals("/services/oauth2/token");
  }

  /** Returns whether this is a call under {@code /services/data/vNN.N/}. */
  public boolean isDataCall() {
    return path.startsWith("/services/data/v");
  }

  /** Returns whether this is a data call that writes: POST, PATCH or DELETE, but not a retrieve. */
  public boolean isWrite() {
    if (!isDataCall() || method.equals("GET")) {
      return false;
    }
    // POST /composite/sobjects/{T} is the retrieve variant with the ids in the body.
    return !(method.equals("POST") && path.matches(".*/composite/sobjects/[^/]+/?"));
  }

  /** Returns whether this is a data call that only reads (GET, or the POST retrieve). */
  public boolean isRead() {
    return isDataCall() && !isWrite();
  }

  @Override
  public String toString() {
    return "RecordedCall[" + method + " " + path + "]";
  }
}
