package com.example.mutations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The demo's database: where {@code local-db} keeps its table, and how the demo reads it back. */
final class DemoDatabase {
  private DemoDatabase() {}

  /** Returns a named in-memory H2 database that lives as long as the JVM. */
  static DataSource inMemory() {
    JdbcDataSource h2 = new JdbcDataSource();
    // A named in-memory database that lives as long as the JVM: the demo reads it back with SQL.
    h2.setURL(
        "jdbc:h2:mem:mutation-api-demo-"
            + Long.toHexString(System.nanoTime())
            + ";DB_CLOSE_DELAY=-1");
    return h2;
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
