package io.mutationapi.client;

import io.mutationapi.MutationRequest;
import io.mutationapi.internal.WireCodec;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The HTTP request of one logical call, sent unchanged by every attempt: the JSON body, the
 * headers, and the connect and read timeouts of each attempt.
 */
final class HttpRequests {
  private static final MediaType JSON = MediaType.get("application/json");

  private HttpRequests() {}

  static Request post(
      MutationClient client,
      MutationRequest mutation,
      String idempotencyKey,
      Duration readTimeout) {
    byte[] body = WireCodec.standard().writeRequest(mutation);
    return new Request.Builder()
        .url(client.endpoint())
        // Added, not set: a new builder has no header to replace, and setting searches for one.
        .addHeader("Authorization", client.authorization())
        .addHeader("Idempotency-Key", idempotencyKey)
        .addHeader("User-Agent", Version.USER_AGENT)
        .addHeader("Accept", "application/json")
        // Without it OkHttp asks for gzip and inflates without a bound: a small answer could
        // inflate to gigabytes before any limit of ours applies.
        .addHeader("Accept-Encoding", "identity")
        .tag(
            AttemptTimeouts.class,
            new AttemptTimeouts(millis(client.options().connectTimeout()), millis(readTimeout)))
        .post(RequestBody.create(body, JSON))
        .build();
  }

  /**
   * Returns a request to {@code url} of the consume or management API: {@code POST} with {@code
   * json} as its body, or {@code GET} if {@code json} is null. No idempotency key: these calls are
   * safe to repeat or say what repeating costs.
   */
  static Request api(MutationClient client, HttpUrl url, byte[] json, Duration readTimeout) {
    Request.Builder b =
        new Request.Builder()
            .url(url)
            .addHeader("Authorization", client.authorization())
            .addHeader("User-Agent", Version.USER_AGENT)
            .addHeader("Accept", "application/json")
            .addHeader("Accept-Encoding", "identity")
            .tag(
                AttemptTimeouts.class,
                new AttemptTimeouts(
                    millis(client.options().connectTimeout()), millis(readTimeout)));
    return (json == null ? b.get() : b.post(RequestBody.create(json, JSON))).build();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
