package io.mutationapi.benchmarks;

import io.mutationapi.Record;
import io.mutationapi.WireJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ceiling of the JDBC rows: what a competent hand-writer would do to keep the demo's table
 * ({@code synced_records}, FirstName/LastName/Email projected to text columns) in step. One
 * prepared statement on one connection outside autocommit; each batch is bound row by row ({@code
 * addBatch}), sent with {@code executeBatch} and committed once. H2 uses {@code MERGE INTO ...
 * KEY}, PostgreSQL {@code INSERT ... ON CONFLICT DO UPDATE}. The record's data is encoded to JSON
 * here as the consumer encodes it ({@link WireJson#writeValue}), since the row holds it. No version
 * guard, no ordering, no poison handling: the bare upsert. Not thread-safe.
 */
final class HandUpsert implements AutoCloseable {
  static final String TABLE = "synced_records";

  private static final String COLUMNS =
      "sync_id, collection_id, upstream_id, data, deleted, updated_idx, upstream_updated_at,"
          + " upstream_created_at, first_name, last_name, email";

  private final Connection connection;
  private final PreparedStatement statement;
  private final boolean h2;

  /** Prepares the upsert on {@code connection}, which it turns out of autocommit and owns. */
  HandUpsert(Connection connection, boolean h2) throws SQLException {
    this.connection = connection;
    this.h2 = h2;
    connection.setAutoCommit(false);
    this.statement = connection.prepareStatement(h2 ? h2Sql() : postgresSql());
  }

  private static String h2Sql() {
    return "MERGE INTO "
        + TABLE
        + " ("
        + COLUMNS
        + ") KEY (sync_id, collection_id, upstream_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  private static String postgresSql() {
    return "INSERT INTO "
        + TABLE
        + " ("
        + COLUMNS
        + ") VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (sync_id, collection_id, upstream_id) DO UPDATE SET"
        + " data = EXCLUDED.data, deleted = EXCLUDED.deleted, updated_idx = EXCLUDED.updated_idx,"
        + " upstream_updated_at = EXCLUDED.upstream_updated_at,"
        + " upstream_created_at = EXCLUDED.upstream_created_at,"
        + " first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,"
        + " email = EXCLUDED.email";
  }

  /** Upserts {@code records} and commits. */
  void write(List<Record> records) throws SQLException {
    for (Record r : records) {
      statement.setString(1, r.syncId());
      statement.setString(2, r.collectionId());
      statement.setString(3, r.upstreamId());
      byte[] json = WireJson.writeValue(r.data());
      if (h2) {
        statement.setBytes(4, json);
      } else {
        statement.setString(4, new String(json, StandardCharsets.UTF_8));
      }
      statement.setBoolean(5, r.deleted());
      statement.setLong(6, r.updatedIdx().getAsLong());
      statement.setObject(7, OffsetDateTime.ofInstant(r.upstreamUpdatedAt(), ZoneOffset.UTC));
      if (r.upstreamCreatedAt().isPresent()) {
        statement.setObject(
            8, OffsetDateTime.ofInstant(r.upstreamCreatedAt().get(), ZoneOffset.UTC));
      } else {
        statement.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
      }
      statement.setString(9, (String) r.data().get("FirstName"));
      statement.setString(10, (String) r.data().get("LastName"));
      statement.setString(11, (String) r.data().get("Email"));
      statement.addBatch();
    }
    statement.executeBatch();
    connection.commit();
  }

  @Override
  public void close() throws SQLException {
    statement.close();
    connection.close();
  }
}
