/**
 * The Mutation API vocabulary, its wire codec, and the await machinery.
 *
 * <p>{@code io.mutationapi} holds the immutable values that cross the API and the wire's JSON for
 * adapters ({@code WireJson}, {@code WireFields}); {@code io.mutationapi.await} the stream
 * positions that consumers report progress against; {@code io.mutationapi.webhook} what a webhook
 * receiver needs to check a delivery's signature. The codec ({@code io.mutationapi.internal}) and
 * the await machinery ({@code io.mutationapi.internal.await}) are exported only to the client and
 * the server, which build on them; adapters need neither.
 */
// The modules named in qualified exports are built later in the reactor.
@SuppressWarnings("module")
module io.mutationapi {
  requires transitive com.fasterxml.jackson.databind;

  exports io.mutationapi;
  exports io.mutationapi.await;
  exports io.mutationapi.webhook;
  exports io.mutationapi.internal to
      io.mutationapi.client,
      io.mutationapi.server;
  exports io.mutationapi.internal.await to
      io.mutationapi.server;
}
