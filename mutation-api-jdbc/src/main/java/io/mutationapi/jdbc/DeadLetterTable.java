package io.mutationapi.jdbc;

import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPDATED_IDX;
import static io.mutationapi.WireFields.UPSTREAM_ID;

import io.mutationapi.Record;
import io.mutationapi.WireJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * The dead-letter table next to a consumer's table: one row per record version the consumer gave up
 * on, with its key, version, SQLState, reason and time, and its data only if the host allows.
 *
 * <p>Rows are inserted in the same transaction as the rest of their batch, so a record is either in
 * the table or here once its batch commits. A batch delivered again after a commit (a restart) can
 * insert a version twice.
 */
final class DeadLetterTable {
  final String name;
  final String create;
  private final String insert;
  private final SqlDialect dialect;
  private final boolean keepData;

  DeadLetterTable(SqlDialect dialect, String schema, String table, boolean keepData) {
    this.dialect = dialect;
    this.keepData = keepData;
    this.name =
        (schema == null ? "" : Identifiers.quote(dialect, schema) + ".")
            + Identifiers.quote(dialect, table);
    boolean h2 = dialect == SqlDialect.H2;
    String text = h2 ? "CHARACTER VARYING" : "text";
    String json = h2 ? "JSON" : "jsonb";
    this.create =
        "CREATE TABLE IF NOT EXISTS "
            + name
            + " (\n  "
            + q(SYNC_ID)
            + " "
            + text
            + " NOT NULL,\n  "
            + q(COLLECTION_ID)
            + " "
            + text
            + " NOT NULL,\n  "
            + q(UPSTREAM_ID)
            + " "
            + text
            + " NOT NULL,\n  "
            + q(UPDATED_IDX)
            + " BIGINT,\n  "
            + q("sql_state")
            + " "
            + text
            + ",\n  "
            + q("reason")
            + " "
            + text
            + " NOT NULL,\n  "
            + q("dead_lettered_at")
            + (h2 ? " TIMESTAMP WITH TIME ZONE" : " timestamptz")
            + " NOT NULL,\n  "
            + q(DATA)
            + " "
            + json
            + "\n)";
    this.insert =
        "INSERT INTO "
            + name
            + " ("
            + q(SYNC_ID)
            + ", "
            + q(COLLECTION_ID)
            + ", "
            + q(UPSTREAM_ID)
            + ", "
            + q(UPDATED_IDX)
            + ", "
            + q("sql_state")
            + ", "
            + q("reason")
            + ", "
            + q("dead_lettered_at")
            + ", "
            + q(DATA)
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS "
            + json
            + "))";
  }

  private String q(String column) {
    return Identifiers.quote(dialect, column);
  }

  /** Creates the table unless it exists, in the connection's current transaction. */
  void createIfMissing(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(create);
    }
  }

  /** Inserts one row per poison record, in the connection's current transaction. */
  void insert(Connection c, List<PoisonRecordException> poison, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (PoisonRecordException p : poison) {
        Record r = p.record();
        ps.setString(1, r.syncId());
        ps.setString(2, r.collectionId());
        ps.setString(3, r.upstreamId());
        if (r.updatedIdx().isPresent()) {
          ps.setLong(4, r.updatedIdx().getAsLong());
        } else {
          ps.setNull(4, Types.BIGINT);
        }
        String state = p.sqlState().orElse(null);
        if (state == null) {
          ps.setNull(5, Types.VARCHAR);
        } else {
          ps.setString(5, state);
        }
        ps.setString(6, p.reason());
        ps.setTimestamp(7, Timestamp.from(now));
        byte[] data = keepData ? WireJson.writeValue(r.data()) : null;
        if (data == null) {
          ps.setNull(8, dialect == SqlDialect.H2 ? Types.OTHER : Types.VARCHAR);
        } else if (dialect == SqlDialect.H2) {
          ps.setBytes(8, data);
        } else {
          ps.setString(8, new String(data, StandardCharsets.UTF_8));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Checks that the default dead-letter name of {@code table}, the table's name with {@code
   * _dead_letter} appended, is a valid identifier.
   *
   * @throws IllegalStateException asking for a name of the caller's choice if it is too long
   */
  static void checkDefaultName(String table) {
    if ((table + "_dead_letter").length() > Identifiers.MAX_LENGTH) {
      throw new IllegalStateException(
          "the dead-letter table name '"
              + table
              + "_dead_letter' is longer than "
              + Identifiers.MAX_LENGTH
              + " characters: call deadLetterTable(\"name\")");
    }
  }
}
