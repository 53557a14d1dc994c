/**
 * A consumer that keeps a SQL table in sync with the Mutation API's change stream: one row per
 * record, newest version wins, on PostgreSQL or the embedded H2 database.
 *
 * <p>Start at {@link io.mutationapi.jdbc.JdbcTableConsumer#builder()}.
 */
module io.mutationapi.jdbc {
  requires transitive io.mutationapi;
  requires transitive java.sql;

  exports io.mutationapi.jdbc;
}
