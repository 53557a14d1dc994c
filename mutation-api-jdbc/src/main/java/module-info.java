/**
 * A consumer that keeps a SQL table in sync with the Mutation API's change stream: one row per
 * record, newest version wins, on PostgreSQL or the embedded H2 database.
 *
 * <p>Start at {@link io.mutationapi.jdbc.JdbcTableConsumer#builder()}, and register the consumer on
 * {@code io.mutationapi.server.MutationServer.Builder#consumer}.
 */
module io.mutationapi.jdbc {
  requires transitive io.mutationapi;
  requires transitive io.mutationapi.server;
  requires transitive java.sql;

  exports io.mutationapi.jdbc;
}
