package com.example.mutations;

import io.mutationapi.jdbc.ColumnType;
import io.mutationapi.jdbc.JdbcTableConsumer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The demo's database: where {@code local-db} keeps its table, and how the demo reads it back. */
final class DemoDatabase {
  private DemoDatabase() {}

  /**
   * Returns a named in-memory H2 database that lives until {@link #dropIfInMemory}, through a pool
   * of connections: each H2 connection is a session that keeps its parsed statements, so {@code
   * local-db} neither opens a session nor parses its upsert again for every batch.
   */
  static DataSource inMemory() {
    JdbcDataSource h2 = new JdbcDataSource();
    // A named in-memory database that lives until dropped: the demo reads it back with SQL.
    h2.setURL(
        "jdbc:h2:mem:mutation-api-demo-"
            + Long.toHexString(System.nanoTime())
            + ";DB_CLOSE_DELAY=-1");
    JdbcConnectionPool pool = JdbcConnectionPool.create(h2);
    // One connection per partition in flight (16) and the demo's readers.
    pool.setMaxConnections(32);
    return pool;
  }

  /**
   * Returns the consumer {@code local-db}: the table {@code synced_records} of {@code database},
   * with {@code FirstName}, {@code LastName} and {@code Email} projected into columns, its batches
   * written on the library's own threads.
   */
  static JdbcTableConsumer localDb(DataSource database) {
    return localDbBuilder(database).build();
  }

  /** As {@link #localDb(DataSource)}, its batches written on {@code executor}. */
  static JdbcTableConsumer localDb(DataSource database, Executor executor) {
    return localDbBuilder(database).executor(executor).build();
  }

  private static JdbcTableConsumer.Builder localDbBuilder(DataSource database) {
    return JdbcTableConsumer.builder()
        .dataSource(database)
        .table("synced_records")
        .project("FirstName", "first_name", ColumnType.TEXT)
        .project("LastName", "last_name", ColumnType.TEXT)
        .project("Email", "email", ColumnType.TEXT);
  }

  /**
   * Drops {@code database} if {@link #inMemory} made it (it would otherwise live, with its rows, as
   * long as the JVM) and closes its pool; does nothing to another one. A failure is ignored: the
   * server is closing.
   */
  static void dropIfInMemory(DataSource database) {
    if (!(database instanceof JdbcConnectionPool pool)) {
      return;
    }
    try (Connection c = pool.getConnection();
        Statement statement = c.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Closing anyway; the database may already be gone.
    }
    pool.dispose();
  }

  /**
   * Deletes the rows of deleted records ({@code deleted = true}) whose delete is older than {@code
   * retention} from {@code local-db}'s table; returns how many. A soft-deleted row is a tombstone
   * that keeps a late, older version of the record from coming back; the in-memory stream
   * redelivers within seconds, so the demo keeps tombstones briefly and its table does not grow
   * with deletes.
   */
  static int purgeTombstones(DataSource database, Duration retention) throws SQLException {
    String sql = "DELETE FROM synced_records WHERE deleted AND upstream_updated_at < ?";
    try (Connection c = database.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      return statement.executeUpdate();
    }
  }

  /**
   * Returns the database at {@code jdbcUrl} (H2 or PostgreSQL), shared by the nodes of a service.
   */
  static DataSource shared(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(jdbcUrl);
      return h2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource postgres = new PGSimpleDataSource();
      postgres.setURL(jdbcUrl);
      return postgres;
    }
    throw new IllegalArgumentException(
        "--jdbc-url must start with jdbc:h2: or jdbc:postgresql:, got " + redact(jdbcUrl));
  }

  /** Returns {@code jdbcUrl} without its query (where a password may be). */
  static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
  }

  /** Returns the row {@code local-db} holds for a contact, read with plain SQL. */
  static Optional<DemoServer.Row> readContact(
      DataSource database, String syncId, String upstreamId) {
    String sql =
        "SELECT upstream_id, first_name, last_name, email, updated_idx, deleted"
            + " FROM synced_records"
            + " WHERE sync_id = ? AND collection_id = 'salesforce:contact' AND upstream_id = ?";
    try (Connection c = database.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, syncId);
      statement.setString(2, upstreamId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new DemoServer.Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getBoolean(6)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the demo database failed: " + e.getMessage(), e);
    }
  }
}
