/**
 * The Mutation API vocabulary, its wire codec, and the await machinery.
 *
 * <p>{@code io.mutationapi} holds the immutable values that cross the API; {@code
 * io.mutationapi.await} the machinery that answers "has consumer C processed my write"; {@code
 * io.mutationapi.webhook} what a webhook receiver needs to check a delivery's signature.
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
      io.mutationapi.server,
      io.mutationapi.jdbc;
}
