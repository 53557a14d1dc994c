package io.mutationapi.salesforce;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * One logical call of the REST API, before it meets a session: method, path under {@code
 * /services/data/vNN.N/}, query, JSON body, and what may be done again when it fails.
 *
 * @param method the HTTP method
 * @param path the path under the version, e.g. {@code composite/sobjects}
 * @param query query parameters, in order
 * @param body the JSON body, or null
 * @param idempotent true if sending it twice has the effect of sending it once (reads, updates,
 *     deletes, upserts), so a 5xx, an HTML or empty error page, a lost connection or a timeout may
 *     be retried; false for a create, whose outcome is then unknown
 * @param write true for a create, update, upsert or delete (they carry {@code Sforce-Auto-Assign})
 * @param targetIds the ids of the records the call changes or reads, to name them in errors
 */
record CallSpec(
    String method,
    String path,
    List<Map.Entry<String, String>> query,
    byte[] body,
    boolean idempotent,
    boolean write,
    List<String> targetIds) {

  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  CallSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = List.copyOf(query);
    targetIds = List.copyOf(targetIds);
  }

  /** Returns the URL of this call on {@code instance}, for API version {@code version}. */
  HttpUrl url(HttpUrl instance, String version) {
    HttpUrl.Builder url =
        instance.newBuilder().addPathSegments("services/data/v" + version + "/" + path);
    for (Map.Entry<String, String> q : query) {
      url.addQueryParameter(q.getKey(), q.getValue());
    }
    return url.build();
  }

  /** Returns the body for OkHttp, or null for a call without one. */
  RequestBody requestBody() {
    return body == null ? null : RequestBody.create(body, JSON);
  }

  /** Returns true if this call creates records and so must never be sent twice blindly. */
  boolean isCreate() {
    return write && !idempotent;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
