/**
 * The Mutation API server: an engine that applies mutations to an upstream, publishes the changed
 * records to a stream and waits for consumers; the SPI that host applications implement; a
 * framework-neutral HTTP handler; and in-memory defaults for tests and demos. The embedded HTTP
 * server is in the module {@code io.mutationapi.server.jetty}.
 *
 * <p>Start at {@link io.mutationapi.server.MutationServer#builder()}.
 */
module io.mutationapi.server {
  requires transitive io.mutationapi;
  requires org.slf4j;
  requires transitive java.net.http;

  exports io.mutationapi.server;
  exports io.mutationapi.server.spi;
  exports io.mutationapi.server.http;
  exports io.mutationapi.server.webhook;
}
