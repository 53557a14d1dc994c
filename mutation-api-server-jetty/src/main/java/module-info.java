/**
 * The embedded HTTP server of the Mutation API: the framework-neutral {@code MutationHttpHandler}
 * served on Jetty 12's core API, with deadlines for slow clients and error answers in the JSON
 * envelope.
 *
 * <p>Start at {@link io.mutationapi.server.jetty.MutationHttpServer#listen}.
 */
module io.mutationapi.server.jetty {
  requires transitive io.mutationapi.server;
  requires org.eclipse.jetty.server;
  requires org.slf4j;

  exports io.mutationapi.server.jetty;
}
