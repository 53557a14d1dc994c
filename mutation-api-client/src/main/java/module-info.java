/**
 * The Java client of the Mutation API: typed calls over OkHttp with safe retries, idempotency keys,
 * await-aware timeouts and typed errors.
 *
 * <p>OkHttp and Jackson types appear in the public API only where a caller supplies their own
 * {@code OkHttpClient} or {@code ObjectMapper}.
 */
module io.mutationapi.client {
  requires transitive io.mutationapi;
  requires transitive okhttp3;
  requires org.slf4j;

  exports io.mutationapi.client;
}
