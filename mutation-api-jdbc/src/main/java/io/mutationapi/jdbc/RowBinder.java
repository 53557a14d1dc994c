package io.mutationapi.jdbc;

import io.mutationapi.Record;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Binds a prepared row to the parameters of {@link TableSql}'s statements. Immutable. */
final class RowBinder {

  enum Kind {
    UPSERT,
    TOMBSTONE,
    HARD_DELETE
  }

  /** A record ready to bind: its JSON and the values of its projected columns. */
  static final class Row {
    final Record record;
    final Kind kind;
    final byte[] data;
    final Object[] values;

    Row(Record record, Kind kind, byte[] data, Object[] values) {
      this.record = record;
      this.kind = kind;
      this.data = data;
      this.values = values;
    }
  }

  private final List<ProjectedColumn> projected;

  RowBinder(List<ProjectedColumn> projected) {
    this.projected = projected;
  }

  static String statementFor(TableSql s, Kind kind) {
    switch (kind) {
      case UPSERT:
        return s.upsert;
      case TOMBSTONE:
        return s.markDeleted;
      case HARD_DELETE:
        return s.hardDelete;
    }
    throw new AssertionError(kind);
  }

  void bind(PreparedStatement ps, SqlDialect d, Row row) throws SQLException {
    Record r = row.record;
    ps.setString(1, r.syncId());
    ps.setString(2, r.collectionId());
    ps.setString(3, r.upstreamId());
    if (row.kind == Kind.HARD_DELETE) {
      ps.setLong(4, r.updatedIdx().getAsLong());
      return;
    }
    bindJson(ps, 4, d, row.data);
    ps.setBoolean(5, r.deleted());
    ps.setLong(6, r.updatedIdx().getAsLong());
    ps.setObject(7, utc(r.upstreamUpdatedAt()));
    if (r.upstreamCreatedAt().isPresent()) {
      ps.setObject(8, utc(r.upstreamCreatedAt().get()));
    } else {
      ps.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    for (int i = 0; i < row.values.length; i++) {
      bindValue(ps, 9 + i, d, projected.get(i).type(), row.values[i]);
    }
  }

  private static void bindValue(PreparedStatement ps, int i, SqlDialect d, ColumnType t, Object v)
      throws SQLException {
    if (t == ColumnType.JSON) {
      bindJson(ps, i, d, (byte[]) v);
      return;
    }
    if (v == null) {
      ps.setNull(i, sqlTypeCode(t));
      return;
    }
    switch (t) {
      case TEXT:
        ps.setString(i, (String) v);
        return;
      case BIGINT:
        ps.setLong(i, (Long) v);
        return;
      case DOUBLE:
        ps.setDouble(i, (Double) v);
        return;
      case BOOLEAN:
        ps.setBoolean(i, (Boolean) v);
        return;
      default:
        ps.setObject(i, v); // BigDecimal, OffsetDateTime, LocalDate
    }
  }

  private static void bindJson(PreparedStatement ps, int i, SqlDialect d, byte[] json)
      throws SQLException {
    if (d == SqlDialect.H2) {
      // H2 reads bytes as JSON text; a String would become a JSON string.
      if (json == null) {
        ps.setNull(i, Types.OTHER);
      } else {
        ps.setBytes(i, json);
      }
    } else if (json == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, new String(json, StandardCharsets.UTF_8));
    }
  }

  private static int sqlTypeCode(ColumnType t) {
    switch (t) {
      case TEXT:
        return Types.VARCHAR;
      case BIGINT:
        return Types.BIGINT;
      case NUMERIC:
        return Types.NUMERIC;
      case DOUBLE:
        return Types.DOUBLE;
      case BOOLEAN:
        return Types.BOOLEAN;
      case TIMESTAMP:
        return Types.TIMESTAMP_WITH_TIMEZONE;
      case DATE:
        return Types.DATE;
      case JSON:
        return Types.OTHER;
    }
    throw new AssertionError(t);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
