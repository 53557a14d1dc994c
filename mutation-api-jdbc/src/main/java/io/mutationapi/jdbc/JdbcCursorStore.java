package io.mutationapi.jdbc;

import io.mutationapi.server.spi.CursorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CursorStore} in a SQL table (PostgreSQL or H2), so that a sync resumes from its last
 * published page after a restart: one row per (sync, collection) with the cursor and when it was
 * saved.
 *
 * <pre>{@code
 * JdbcCursorStore cursors = JdbcCursorStore.create(dataSource);
 * cursors.createTableIfNotExists();
 * MutationServer.builder()....cursorStore(cursors)
 * }</pre>
 *
 * <p>JDBC blocks: each call runs one statement or two on the calling thread (the server's sync
 * thread). A database error is thrown as {@link IllegalStateException} naming the SQLState, with
 * the {@link SQLException} as its cause. Thread-safe.
 */
public final class JdbcCursorStore implements CursorStore {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "mutation_sync_cursors";

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  private JdbcCursorStore(DataSource dataSource, String table, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    // A plain identifier, unquoted: each database folds it its own way, consistently.
    this.table = Identifiers.check(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns a store in the table {@link #DEFAULT_TABLE} of {@code dataSource}'s database. */
  public static JdbcCursorStore create(DataSource dataSource) {
    return create(dataSource, DEFAULT_TABLE);
  }

  /**
   * Returns a store in {@code table}: a plain identifier (letters, digits, underscores).
   *
   * @throws IllegalArgumentException if {@code table} is not a plain identifier
   */
  public static JdbcCursorStore create(DataSource dataSource, String table) {
    return new JdbcCursorStore(dataSource, table, Clock.systemUTC());
  }

  /**
   * Creates the table unless it exists.
   *
   * @throws SQLException if the database refuses
   */
  public void createTableIfNotExists() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (sync_id varchar NOT NULL, collection_id varchar NOT NULL,"
              + " cursor_value varchar NOT NULL, saved_at timestamp with time zone NOT NULL,"
              + " PRIMARY KEY (sync_id, collection_id))");
    }
  }

  @Override
  public Optional<String> load(String syncId, String collectionId) {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(collectionId, "collectionId");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT cursor_value FROM " + table + " WHERE sync_id = ? AND collection_id = ?")) {
      s.setString(1, syncId);
      s.setString(2, collectionId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("load", e);
    }
  }

  @Override
  public void save(String syncId, String collectionId, String cursor) {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(collectionId, "collectionId");
    Objects.requireNonNull(cursor, "cursor");
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      // Update, else insert: portable, and one sync loop writes a row, so they never race.
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET cursor_value = ?, saved_at = ? WHERE sync_id = ? AND collection_id = ?")) {
        s.setString(1, cursor);
        s.setTimestamp(2, now);
        s.setString(3, syncId);
        s.setString(4, collectionId);
        if (s.executeUpdate() > 0) {
          return;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + table
                  + " (sync_id, collection_id, cursor_value, saved_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, syncId);
        s.setString(2, collectionId);
        s.setString(3, cursor);
        s.setTimestamp(4, now);
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw failed("save", e);
    }
  }

  private static IllegalStateException failed(String what, SQLException e) {
    return new IllegalStateException(
        "cursor store could not " + what + " (SQLState " + e.getSQLState() + ")", e);
  }

  @Override
  public String toString() {
    return "JdbcCursorStore{table=" + table + "}";
  }
}
