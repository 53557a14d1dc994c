package io.mutationapi.jdbc;

import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.DELETED;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPDATED_IDX;
import static io.mutationapi.WireFields.UPSTREAM_CREATED_AT;
import static io.mutationapi.WireFields.UPSTREAM_ID;
import static io.mutationapi.WireFields.UPSTREAM_UPDATED_AT;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The SQL text of one table in one dialect. Every identifier in it was checked by {@link
 * Identifiers} and is quoted; every value is a bind parameter.
 *
 * <p>Parameters, in order, for both upserts: sync_id, collection_id, upstream_id, data, deleted,
 * updated_idx, upstream_updated_at, upstream_created_at, then the projected columns. For the hard
 * delete: sync_id, collection_id, upstream_id, updated_idx.
 */
final class TableSql {
  /** The columns every table has, in order, with their types. */
  static final List<String> FIXED_COLUMNS =
      List.of(
          SYNC_ID,
          COLLECTION_ID,
          UPSTREAM_ID,
          DATA,
          DELETED,
          UPDATED_IDX,
          UPSTREAM_UPDATED_AT,
          UPSTREAM_CREATED_AT);

  private static final List<ColumnType> FIXED_TYPES =
      List.of(
          ColumnType.TEXT,
          ColumnType.TEXT,
          ColumnType.TEXT,
          ColumnType.JSON,
          ColumnType.BOOLEAN,
          ColumnType.BIGINT,
          ColumnType.TIMESTAMP,
          ColumnType.TIMESTAMP);

  private static final List<String> KEY = List.of(SYNC_ID, COLLECTION_ID, UPSTREAM_ID);

  final SqlDialect dialect;
  final String table;
  final List<String> createTable;

  /** Writes a whole version: data, projections, flags. */
  final String upsert;

  /** Marks a row deleted without touching its data, or inserts a tombstone. */
  final String markDeleted;

  final String hardDelete;

  TableSql(SqlDialect dialect, String schema, String table, List<ProjectedColumn> projected) {
    this.dialect = dialect;
    this.table =
        (schema == null ? "" : Identifiers.quote(dialect, schema) + ".")
            + Identifiers.quote(dialect, table);
    List<String> columns = new ArrayList<>(FIXED_COLUMNS);
    List<ColumnType> types = new ArrayList<>(FIXED_TYPES);
    for (ProjectedColumn p : projected) {
      columns.add(p.column());
      types.add(p.type());
    }
    this.createTable = List.of(createTable(columns, types));
    List<String> full = new ArrayList<>(columns.subList(KEY.size(), columns.size()));
    List<String> tombstone =
        List.of(DELETED, UPDATED_IDX, UPSTREAM_UPDATED_AT, UPSTREAM_CREATED_AT);
    this.upsert = upsert(columns, types, full);
    this.markDeleted = upsert(columns, types, tombstone);
    this.hardDelete =
        "DELETE FROM "
            + this.table
            + " WHERE "
            + q(SYNC_ID)
            + " = ? AND "
            + q(COLLECTION_ID)
            + " = ? AND "
            + q(UPSTREAM_ID)
            + " = ? AND "
            + q(UPDATED_IDX)
            + " < ?";
  }

  private String q(String name) {
    return Identifiers.quote(dialect, name);
  }

  String sqlType(ColumnType type) {
    switch (type) {
      case TEXT:
        return dialect == SqlDialect.H2 ? "CHARACTER VARYING" : "text";
      case BIGINT:
        return dialect == SqlDialect.H2 ? "BIGINT" : "bigint";
      case NUMERIC:
        // H2's NUMERIC without a precision has scale 0; DECFLOAT keeps any decimal exactly.
        return dialect == SqlDialect.H2 ? "DECFLOAT" : "numeric";
      case DOUBLE:
        return dialect == SqlDialect.H2 ? "DOUBLE PRECISION" : "double precision";
      case BOOLEAN:
        return dialect == SqlDialect.H2 ? "BOOLEAN" : "boolean";
      case TIMESTAMP:
        return dialect == SqlDialect.H2 ? "TIMESTAMP WITH TIME ZONE" : "timestamptz";
      case DATE:
        return dialect == SqlDialect.H2 ? "DATE" : "date";
      case JSON:
        return dialect == SqlDialect.H2 ? "JSON" : "jsonb";
    }
    throw new AssertionError(type);
  }

  private String createTable(List<String> columns, List<ColumnType> types) {
    StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      sb.append("\n  ").append(q(column)).append(' ').append(sqlType(types.get(i)));
      if (i < FIXED_COLUMNS.size() && !column.equals(UPSTREAM_CREATED_AT)) {
        sb.append(" NOT NULL");
      }
      sb.append(',');
    }
    sb.append("\n  PRIMARY KEY (").append(list(KEY, "")).append(")\n)");
    return sb.toString();
  }

  /** An upsert that inserts every column, or on a newer version sets {@code update}. */
  private String upsert(List<String> columns, List<ColumnType> types, List<String> update) {
    StringJoiner params = new StringJoiner(", ");
    for (ColumnType type : types) {
      params.add("CAST(? AS " + sqlType(type) + ")");
    }
    if (dialect == SqlDialect.POSTGRESQL) {
      StringJoiner set = new StringJoiner(", ");
      for (String c : update) {
        set.add(q(c) + " = " + newValue(c, "EXCLUDED.", "t."));
      }
      return "INSERT INTO "
          + table
          + " AS t ("
          + list(columns, "")
          + ") VALUES ("
          + params
          + ") ON CONFLICT ("
          + list(KEY, "")
          + ") DO UPDATE SET "
          + set
          + " WHERE t."
          + q(UPDATED_IDX)
          + " < EXCLUDED."
          + q(UPDATED_IDX);
    }
    StringJoiner on = new StringJoiner(" AND ");
    for (String k : KEY) {
      on.add("t." + q(k) + " = s." + q(k));
    }
    StringJoiner set = new StringJoiner(", ");
    for (String c : update) {
      set.add(q(c) + " = " + newValue(c, "s.", "t."));
    }
    return "MERGE INTO "
        + table
        + " t USING (VALUES ("
        + params
        + ")) s("
        + list(columns, "")
        + ") ON ("
        + on
        + ") WHEN MATCHED AND t."
        + q(UPDATED_IDX)
        + " < s."
        + q(UPDATED_IDX)
        + " THEN UPDATE SET "
        + set
        + " WHEN NOT MATCHED THEN INSERT ("
        + list(columns, "")
        + ") VALUES ("
        + list(columns, "s.")
        + ")";
  }

  /** A version that does not know when the record was created keeps the stored creation time. */
  private String newValue(String column, String incoming, String stored) {
    if (column.equals(UPSTREAM_CREATED_AT)) {
      return "COALESCE(" + incoming + q(column) + ", " + stored + q(column) + ")";
    }
    return incoming + q(column);
  }

  private String list(List<String> columns, String prefix) {
    StringJoiner j = new StringJoiner(", ");
    for (String c : columns) {
      j.add(prefix + q(c));
    }
    return j.toString();
  }

  /** Returns true if {@code column} is one of the fixed columns, ignoring case. */
  static boolean isFixed(String column) {
    return FIXED_COLUMNS.contains(column.toLowerCase(Locale.ROOT));
  }

  /**
   * Checks that no projected column takes the name of a fixed column or is named twice.
   *
   * @throws IllegalStateException naming the column if one does
   */
  static void checkProjected(List<ProjectedColumn> projected) {
    Set<String> names = new LinkedHashSet<>();
    for (ProjectedColumn p : projected) {
      if (isFixed(p.column())) {
        throw new IllegalStateException(
            "projected column '"
                + p.column()
                + "' has the name of one of the table's own columns "
                + FIXED_COLUMNS
                + "; choose another name");
      }
      if (!names.add(p.column().toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException(
            "column '" + p.column() + "' is projected twice; project each column once");
      }
    }
  }
}
