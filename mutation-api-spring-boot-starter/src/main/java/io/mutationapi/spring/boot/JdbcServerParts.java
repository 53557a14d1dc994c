package io.mutationapi.spring.boot;

import io.mutationapi.jdbc.JdbcCursorStore;
import io.mutationapi.jdbc.JdbcIdempotencyStore;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.server.MutationServer;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The parts of the server on the application's {@link DataSource} that {@link
 * MutationServerProperties} asks for: JDBC table consumers, the idempotency store, the cursor
 * store, each table created at startup unless told not to. Only loaded when {@code
 * mutation-api-jdbc} is on the class path.
 */
final class JdbcServerParts {
  private final MutationServerProperties properties;
  private final DataSource dataSource;

  JdbcServerParts(MutationServerProperties properties, DataSource dataSource) {
    this.properties = properties;
    this.dataSource = dataSource;
  }

  void apply(MutationServer.Builder builder) {
    properties
        .getJdbcConsumers()
        .forEach(
            (id, c) -> {
              String where = "jdbc-consumers." + id;
              if (c.getTable() == null || c.getTable().isBlank()) {
                throw new IllegalStateException(
                    "mutation-api.server." + where + ".table is not set");
              }
              JdbcTableConsumer.Builder table = JdbcTableConsumer.builder().dataSource(dataSource);
              if (c.getSchema() != null) {
                table.table(c.getSchema(), c.getTable());
              } else {
                table.table(c.getTable());
              }
              JdbcTableConsumer consumer = table.build();
              if (c.isCreateTable()) {
                consumer.createTableIfMissing();
              }
              builder.consumer(id, consumer, ServerAssembly.collections(c.getCollections(), where));
            });
    MutationServerProperties.Idempotency keys = properties.getIdempotency();
    if (keys.isJdbc()) {
      JdbcIdempotencyStore.Builder store = JdbcIdempotencyStore.builder(dataSource);
      if (keys.getTable() != null) {
        store.table(keys.getTable());
      }
      if (keys.getRetention() != null) {
        store.retention(keys.getRetention());
      }
      JdbcIdempotencyStore built = store.build();
      if (keys.isCreateTable()) {
        create(built::createTableIfNotExists, "idempotency");
      }
      builder.idempotencyStore(built);
    }
    MutationServerProperties.Cursors cursors = properties.getCursors();
    if (cursors.isJdbc()) {
      JdbcCursorStore store =
          cursors.getTable() != null
              ? JdbcCursorStore.create(dataSource, cursors.getTable())
              : JdbcCursorStore.create(dataSource);
      if (cursors.isCreateTable()) {
        create(store::createTableIfNotExists, "cursors");
      }
      builder.cursorStore(store);
    }
  }

  private interface Ddl {
    void run() throws SQLException;
  }

  private static void create(Ddl ddl, String what) {
    try {
      ddl.run();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Creating the table of mutation-api.server." + what + " failed", e);
    }
  }
}
