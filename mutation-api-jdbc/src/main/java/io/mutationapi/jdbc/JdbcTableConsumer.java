package io.mutationapi.jdbc;

import io.mutationapi.Record;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A {@link Consumer} that keeps a SQL table in sync with the change stream: every record is
 * upserted into one row, in one transaction per batch, and {@link #process} completes only after
 * the commit, so a request that awaits this consumer can read its write from the table when it
 * returns.
 *
 * <pre>{@code
 * JdbcTableConsumer contacts = JdbcTableConsumer.builder()
 *     .dataSource(dataSource)
 *     .table("contacts")
 *     .project("Email", "email", ColumnType.TEXT)
 *     .build();
 * contacts.createTableIfMissing();
 * MutationServer.builder().consumer("local-db", contacts, "salesforce:contact") ...
 * }</pre>
 *
 * <p>{@link #apply} writes records directly, outside a server: for a backfill, or a stream of your
 * own.
 *
 * <p>The table has one row per (sync_id, collection_id, upstream_id) with the record's {@code data}
 * as JSON, {@code deleted}, {@code updated_idx}, {@code upstream_updated_at}, {@code
 * upstream_created_at} and the {@linkplain ProjectedColumn projected columns}; {@link
 * #createTableStatements()} shows the DDL. A version is written only if its {@code updated_idx} is
 * greater than the stored one, so redelivered and reordered events leave the newest version in
 * place. When a batch holds several versions of a record, only the newest is written. Deletes are
 * soft by default ({@link DeleteMode}).
 *
 * <p>Each batch is a few batched statements on one connection (one per kind of write), not a round
 * trip per record. If the database refuses the batch because of a row (SQLState class 22, 23 or
 * 44), the batch is rolled back and written again record by record to find the rows it refuses;
 * those are {@linkplain PoisonRecordException poison records}. Other failures roll the whole batch
 * back and throw {@link TableWriteException}, for the caller to retry.
 *
 * <p>Thread-safe: batches may be applied concurrently, each on its own connection, even batches
 * that touch the same records (as two servers writing one table would): the version guard keeps the
 * newest, and rows are written in key order so writers wait for each other rather than deadlock (a
 * deadlock the database still breaks is a {@link TableWriteException}, retried like any other).
 * Record data never appears in exceptions; the consumer does not log.
 */
public final class JdbcTableConsumer implements Consumer {
  private final DataSource dataSource;
  private final String schema;
  private final String table;
  private final List<ProjectedColumn> projected;
  private final DeleteMode deleteMode;
  private final SqlDialect dialect;
  private final Executor executor;
  private final PoisonRecordHandler poisonHandler;
  private volatile TableSql sql;

  private JdbcTableConsumer(Builder b) {
    this.dataSource = b.dataSource;
    this.schema = b.schema;
    this.table = b.table;
    this.projected = List.copyOf(b.projected);
    this.deleteMode = b.deleteMode;
    this.dialect = b.dialect;
    this.executor = b.executor;
    this.poisonHandler = b.poisonHandler;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from this consumer's configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dataSource = dataSource;
    b.schema = schema;
    b.table = table;
    b.projected.addAll(projected);
    b.deleteMode = deleteMode;
    b.dialect = dialect;
    b.executor = executor;
    b.poisonHandler = poisonHandler;
    return b;
  }

  /**
   * Returns the statements that create the table if it does not exist, for a migration tool. If no
   * dialect was configured, a connection is opened to detect it.
   *
   * @throws TableWriteException if the database cannot be reached to detect the dialect
   */
  public List<String> createTableStatements() {
    if (sql != null || dialect != null) {
      return sql().createTable;
    }
    try (Connection c = dataSource.getConnection()) {
      return sql(c).createTable;
    } catch (SQLException e) {
      throw failure("detecting the database of table " + qualifiedName() + " failed", e);
    }
  }

  /**
   * Creates the table with its primary key if it does not exist, and commits. An existing table is
   * left as it is, even if it lacks a projected column.
   *
   * @throws TableWriteException if the database refuses
   */
  public void createTableIfMissing() {
    try (Connection c = dataSource.getConnection()) {
      TableSql s = sql(c);
      boolean autoCommit = c.getAutoCommit();
      try (Statement statement = c.createStatement()) {
        for (String ddl : s.createTable) {
          statement.execute(ddl);
        }
        if (!autoCommit) {
          c.commit();
        }
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw failure("creating table " + qualifiedName() + " failed", e);
    }
  }

  /**
   * Writes {@code records} in one transaction and returns after the commit.
   *
   * <p>Records with the same key keep the one with the greatest {@code updated_idx}; each is then
   * written only if it is newer than the row in the table. Without a {@link PoisonRecordHandler}, a
   * poison record fails the whole batch and nothing is written. With one, the other records are
   * committed and then the handler is called for each poison record.
   *
   * @throws PoisonRecordException if a record can never be written and no handler is configured
   * @throws TableWriteException if the batch was rolled back for any other reason, or the handler
   *     failed after the commit
   */
  public void apply(List<Record> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      return;
    }
    List<PoisonRecordException> poison = new ArrayList<>();
    List<Row> rows = rows(records, poison);
    if (!poison.isEmpty() && poisonHandler == null) {
      throw poison.get(0);
    }
    if (!rows.isEmpty()) {
      poison.addAll(write(rows));
    }
    for (PoisonRecordException p : poison) {
      try {
        poisonHandler.handle(p);
      } catch (RuntimeException e) {
        throw new TableWriteException(
            "the poison-record handler failed on "
                + PoisonRecordException.describe(p.record())
                + "; the rest of the batch was written to table "
                + qualifiedName()
                + " and will be written again harmlessly",
            null,
            e);
      }
    }
  }

  /**
   * Writes {@code records} as {@link #apply} does, on the configured executor, or at once on the
   * calling thread if none was configured; the future fails with the exception {@code apply} would
   * throw.
   */
  public CompletableFuture<Void> applyAsync(List<Record> records) {
    List<Record> copy = List.copyOf(records);
    if (executor == null) {
      try {
        apply(copy);
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.runAsync(() -> apply(copy), executor);
  }

  /**
   * Writes the records of {@code batch} as {@link #applyAsync} does: the stage completes after the
   * commit, so a request awaiting this consumer can read its write from the table when it returns;
   * it fails with a {@link TableWriteException} for the stream to deliver the batch again.
   */
  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    List<Record> records = new ArrayList<>(batch.size());
    for (ChangeEvent event : batch) {
      records.add(event.record());
    }
    return applyAsync(records);
  }

  // ---- preparing rows ------------------------------------------------------------------------

  private enum Kind {
    UPSERT,
    TOMBSTONE,
    HARD_DELETE
  }

  /** A record ready to bind: its JSON and the values of its projected columns. */
  private static final class Row {
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

  private static final Comparator<Record> KEY_ORDER =
      Comparator.comparing(Record::syncId)
          .thenComparing(Record::collectionId)
          .thenComparing(Record::upstreamId);

  private List<Row> rows(List<Record> records, List<PoisonRecordException> poison) {
    Map<List<String>, Record> newest = new LinkedHashMap<>();
    for (Record r : records) {
      Objects.requireNonNull(r, "records must not contain null");
      if (r.updatedIdx().isEmpty()) {
        poison.add(
            new PoisonRecordException(
                qualifiedName(),
                r,
                "it has no updated_idx, so its versions cannot be told apart",
                null));
        continue;
      }
      List<String> key = List.of(r.syncId(), r.collectionId(), r.upstreamId());
      Record seen = newest.get(key);
      if (seen == null || r.updatedIdx().getAsLong() >= seen.updatedIdx().getAsLong()) {
        newest.put(key, r);
      }
    }
    List<Record> ordered = new ArrayList<>(newest.values());
    // Concurrent writers lock rows in the same order, so they wait for each other instead of
    // deadlocking.
    ordered.sort(KEY_ORDER);
    List<Row> rows = new ArrayList<>(ordered.size());
    for (Record r : ordered) {
      if (r.deleted() && deleteMode == DeleteMode.HARD) {
        rows.add(new Row(r, Kind.HARD_DELETE, null, null));
        continue;
      }
      // A delete that does not carry the last state keeps the state the row already has.
      Kind kind = r.deleted() && r.data().isEmpty() ? Kind.TOMBSTONE : Kind.UPSERT;
      Object[] values = new Object[projected.size()];
      String problem = null;
      for (int i = 0; i < values.length && problem == null; i++) {
        ProjectedColumn p = projected.get(i);
        try {
          values[i] = FieldValues.convert(p.type(), r.data().get(p.field()));
        } catch (IllegalArgumentException e) {
          problem =
              "field '"
                  + p.field()
                  + "' "
                  + e.getMessage()
                  + " for column "
                  + p.column()
                  + " ("
                  + p.type()
                  + ")";
        }
      }
      if (problem != null) {
        poison.add(new PoisonRecordException(qualifiedName(), r, problem, null));
      } else {
        rows.add(new Row(r, kind, WireCodec.standard().writeValue(r.data()), values));
      }
    }
    return rows;
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Writes rows in one transaction; returns the rows the database refused, if a handler takes them.
   */
  private List<PoisonRecordException> write(List<Row> rows) {
    try (Connection c = dataSource.getConnection()) {
      TableSql s = sql(c);
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        try {
          writeBatched(c, s, rows);
          c.commit();
          return List.of();
        } catch (SQLException e) {
          rollbackQuietly(c, e);
          if (!isCausedByRow(e)) {
            throw e;
          }
        }
        List<PoisonRecordException> refused = writeOneByOne(c, s, rows);
        if (!refused.isEmpty() && poisonHandler == null) {
          c.rollback();
          throw refused.get(0);
        }
        c.commit();
        return refused;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        if (autoCommit) {
          restoreAutoCommit(c);
        }
      }
    } catch (SQLException e) {
      throw failure(
          "writing "
              + rows.size()
              + (rows.size() == 1 ? " record" : " records")
              + " to table "
              + qualifiedName()
              + " failed and was rolled back",
          e);
    }
  }

  private void writeBatched(Connection c, TableSql s, List<Row> rows) throws SQLException {
    for (Kind kind : Kind.values()) {
      PreparedStatement statement = null;
      try {
        for (Row row : rows) {
          if (row.kind != kind) {
            continue;
          }
          if (statement == null) {
            statement = c.prepareStatement(statementFor(s, kind));
          }
          bind(statement, s.dialect, row);
          statement.addBatch();
        }
        if (statement != null) {
          statement.executeBatch();
        }
      } finally {
        if (statement != null) {
          statement.close();
        }
      }
    }
  }

  /** Writes each row behind a savepoint, to find the rows the database refuses. */
  private List<PoisonRecordException> writeOneByOne(Connection c, TableSql s, List<Row> rows)
      throws SQLException {
    List<PoisonRecordException> refused = new ArrayList<>();
    Map<Kind, PreparedStatement> statements = new LinkedHashMap<>();
    try {
      for (Row row : rows) {
        PreparedStatement statement = statements.get(row.kind);
        if (statement == null) {
          statement = c.prepareStatement(statementFor(s, row.kind));
          statements.put(row.kind, statement);
        }
        Savepoint savepoint = c.setSavepoint();
        try {
          bind(statement, s.dialect, row);
          statement.executeUpdate();
          c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          c.rollback(savepoint);
          if (!isCausedByRow(e)) {
            throw e;
          }
          refused.add(
              new PoisonRecordException(
                  qualifiedName(),
                  row.record,
                  "the database refused the row with SQLState "
                      + sqlState(e)
                      + " ("
                      + describeState(sqlState(e))
                      + ")",
                  e));
        }
      }
    } finally {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
    }
    return refused;
  }

  private static String statementFor(TableSql s, Kind kind) {
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

  private void bind(PreparedStatement ps, SqlDialect d, Row row) throws SQLException {
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

  // ---- the dialect ---------------------------------------------------------------------------

  private TableSql sql() {
    TableSql s = sql;
    if (s == null) {
      s = new TableSql(dialect, schema, table, projected);
      sql = s;
    }
    return s;
  }

  private TableSql sql(Connection c) throws SQLException {
    TableSql s = sql;
    if (s != null) {
      return s;
    }
    SqlDialect d = dialect;
    if (d == null) {
      String product = c.getMetaData().getDatabaseProductName();
      d =
          SqlDialect.forProductName(product)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "JdbcTableConsumer supports "
                              + Arrays.toString(SqlDialect.values())
                              + ", not '"
                              + product
                              + "'; set dialect(...) if the database is compatible with one"));
    }
    s = new TableSql(d, schema, table, projected);
    sql = s;
    return s;
  }

  // ---- failures ------------------------------------------------------------------------------

  /**
   * Returns true if the database refused a row's values (data exception, integrity constraint,
   * check option) rather than the statement or the connection failing.
   */
  private static boolean isCausedByRow(SQLException e) {
    String state = sqlState(e);
    return state != null
        && (state.startsWith("22") || state.startsWith("23") || state.startsWith("44"));
  }

  /** The SQLState of the first exception in the chain that has one. */
  private static String sqlState(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null) {
        return x.getSQLState();
      }
    }
    return null;
  }

  private static String describeState(String state) {
    switch (state.substring(0, 2)) {
      case "22":
        return "a value the column cannot hold";
      case "23":
        return "an integrity constraint";
      default:
        return "a check option";
    }
  }

  private static TableWriteException failure(String message, SQLException e) {
    // A batch exception's message can quote the statement with its values; the database's own
    // exception is the one worth keeping.
    SQLException cause =
        e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException()
            : e;
    String state = sqlState(e);
    return new TableWriteException(
        message + (state == null ? "" : " (SQLState " + state + ")"), state, cause);
  }

  /**
   * Hands the connection back as it came. A connection too broken for this is closed next anyway,
   * and the outcome of the batch is already decided.
   */
  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      // The outcome of the batch is what the caller needs to hear about.
    }
  }

  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private String qualifiedName() {
    return schema == null ? table : schema + "." + table;
  }

  /** Returns the table, dialect and projected columns; never data or the data source's secrets. */
  @Override
  public String toString() {
    List<String> columns = new ArrayList<>();
    for (ProjectedColumn p : projected) {
      columns.add(p.column());
    }
    return "JdbcTableConsumer{table="
        + qualifiedName()
        + (dialect == null ? "" : ", dialect=" + dialect)
        + ", projected="
        + columns
        + ", deletes="
        + deleteMode
        + "}";
  }

  /** Builds a {@link JdbcTableConsumer}. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String schema;
    private String table;
    private final List<ProjectedColumn> projected = new ArrayList<>();
    private DeleteMode deleteMode = DeleteMode.SOFT;
    private SqlDialect dialect;
    private Executor executor;
    private PoisonRecordHandler poisonHandler;

    Builder() {}

    /**
     * Sets where connections come from. Use a pool in production; every batch borrows one
     * connection for one transaction.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Sets the table, in the connection's default schema.
     *
     * @throws IllegalArgumentException if {@code table} is not a plain SQL identifier
     */
    public Builder table(String table) {
      this.table = Identifiers.check(table, "table");
      this.schema = null;
      return this;
    }

    /**
     * Sets the table and its schema.
     *
     * @throws IllegalArgumentException if a name is not a plain SQL identifier
     */
    public Builder table(String schema, String table) {
      this.schema = Identifiers.check(schema, "schema");
      this.table = Identifiers.check(table, "table");
      return this;
    }

    /** Sets the dialect; by default it is detected from the database on first use. */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Also writes data field {@code field} into column {@code column} of type {@code type}; see
     * {@link ProjectedColumn}.
     *
     * @throws IllegalArgumentException if {@code column} is not a plain SQL identifier
     */
    public Builder project(String field, String column, ColumnType type) {
      return project(new ProjectedColumn(field, column, type));
    }

    /** Also writes a data field into a typed column of its own. */
    public Builder project(ProjectedColumn column) {
      projected.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /** Sets what happens to deleted records; the default is {@link DeleteMode#SOFT}. */
    public Builder deletes(DeleteMode deleteMode) {
      this.deleteMode = Objects.requireNonNull(deleteMode, "deleteMode");
      return this;
    }

    /**
     * Sets the executor {@link #applyAsync} runs batches on, so the stream's delivery thread does
     * not wait on the database. By default batches run on the calling thread. The caller owns it.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets who takes records that can never be written, so the rest of the stream moves on; by
     * default such a record fails its batch every time it is delivered.
     */
    public Builder onPoisonRecord(PoisonRecordHandler handler) {
      this.poisonHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Returns the consumer. It does not connect to the database.
     *
     * @throws IllegalStateException if the data source or the table is missing, or a projected
     *     column is named twice or takes the name of one of the table's own columns
     */
    public JdbcTableConsumer build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required: call dataSource(...)");
      }
      if (table == null) {
        throw new IllegalStateException("table is required: call table(\"name\")");
      }
      Set<String> names = new LinkedHashSet<>();
      for (ProjectedColumn p : projected) {
        if (TableSql.isFixed(p.column())) {
          throw new IllegalStateException(
              "projected column '"
                  + p.column()
                  + "' has the name of one of the table's own columns "
                  + TableSql.FIXED_COLUMNS
                  + "; choose another name");
        }
        if (!names.add(p.column().toLowerCase(Locale.ROOT))) {
          throw new IllegalStateException(
              "column '" + p.column() + "' is projected twice; project each column once");
        }
      }
      return new JdbcTableConsumer(this);
    }
  }
}
