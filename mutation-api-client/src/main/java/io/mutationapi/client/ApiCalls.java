package io.mutationapi.client;

import io.mutationapi.client.ApiCallSpec.Resend;
import java.util.Objects;
import okhttp3.HttpUrl;

/** The calls of the Management API, and what the consume and management calls share. */
final class ApiCalls {
  private ApiCalls() {}

  static HttpUrl url(MutationClient client, String path, String id) {
    HttpUrl.Builder b = client.apiUrl().addPathSegments(path);
    if (id != null) {
      b.addPathSegment(id);
    }
    return b.build();
  }

  /** A read of the Management API: a {@code GET}, safe to repeat. */
  static <R> RetryingCall<R> read(
      MutationClient client, HttpUrl url, ApiCallSpec.Reader<R> reader) {
    ClientOptions options = client.options();
    return new RetryingCall<>(
        client,
        new ApiCallSpec<>(
            HttpRequests.api(client, url, null, options.readTimeout()),
            options.totalTimeout(options.readTimeout()),
            Resend.SAFE,
            reader,
            null,
            "; reading again is harmless"));
  }

  /** Returns {@code id}, checked: not null, not empty. */
  static String checkId(String id) {
    return checkId(id, "id");
  }

  /** Returns {@code id}, checked; {@code name} names it in the message. */
  static String checkId(String id, String name) {
    Objects.requireNonNull(id, name);
    if (id.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return id;
  }
}
