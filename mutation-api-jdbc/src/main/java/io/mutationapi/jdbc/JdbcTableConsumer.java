package io.mutationapi.jdbc;

import io.mutationapi.Record;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * trip per record, in a transaction whose row-lock wait and statement time are bounded ({@link
 * Builder#lockTimeout}, {@link Builder#statementTimeout}; PostgreSQL), so a session that holds a
 * lock cannot stop the consumer: the batch fails and the stream retries it with backoff. Batches of
 * different partitions run in parallel on the consumer's own threads unless an {@link
 * Builder#executor} is given, so one waiting partition does not hold up the others.
 *
 * <p>If the database refuses the batch because of a row, the batch is rolled back and written again
 * record by record to find the rows it refuses. What happens to such a record depends on its
 * SQLState (see the README's "Consumers"): a clash with other rows (a unique index, a foreign key)
 * may clear up once other partitions catch up, so its batch is retried for {@link
 * Builder#retryConflictsFor}; a row that can never be stored as it is (a CHECK, a value too long,
 * text a typed column cannot read, a projected field that does not fit) is a {@linkplain
 * PoisonRecordException poison record}. A poison record goes to the {@link PoisonRecordHandler} if
 * there is one; otherwise its batch is retried until it has been refused {@link
 * Builder#deadLetterAfter} times or for that long, and then it is written to the dead-letter table
 * next to the table, in the transaction of the rest of its batch. Either way the partition moves
 * on, {@link #processBatch} reports the record as not applied, and a request awaiting it is
 * answered {@code record_not_applied}, never success. {@link #health()} counts them. Other failures
 * roll the whole batch back and throw {@link TableWriteException}, for the caller to retry.
 *
 * <p>Thread-safe: batches may be applied concurrently, each on its own connection, even batches
 * that touch the same records (as two servers writing one table would): the version guard keeps the
 * newest, and rows are written in key order so writers wait for each other rather than deadlock (a
 * deadlock the database still breaks is a {@link TableWriteException}, retried like any other).
 * Record data never appears in exceptions; the consumer does not log.
 */
public final class JdbcTableConsumer implements Consumer {
  /** The configuration, the consumer's own copy; {@link #toBuilder} copies it again. */
  private final TableConsumerSettings settings;

  private final Executor executor;
  private final TableDdl ddl;
  private final BatchRows rows;
  private final TableWriter writer;

  private JdbcTableConsumer(TableConsumerSettings s) {
    this.settings = s;
    List<ProjectedColumn> projected = List.copyOf(s.projected);
    this.executor = s.executor != null ? s.executor : ownThreads(s.table);
    this.ddl = new TableDdl(s.dataSource, s.dialect, s.schema, s.table, projected);
    this.rows = new BatchRows(ddl.qualifiedName(), projected, s.deleteMode);
    this.writer = new TableWriter(s, ddl.qualifiedName(), ddl::sql, new RowBinder(projected));
  }

  /**
   * Threads made as batches need them, so each partition in flight has one, and ended after a
   * minute idle; daemons, so the consumer needs no closing. The stream runs at most one batch per
   * partition at a time, which bounds their number.
   */
  private static Executor ownThreads(String table) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        task -> {
          Thread thread =
              new Thread(task, "mutation-jdbc-" + table + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from this consumer's configuration. */
  public Builder toBuilder() {
    return new Builder(settings.copy());
  }

  /**
   * Returns the statements that create the table and its dead-letter table if they do not exist,
   * for a migration tool. If no dialect was configured, a connection is opened to detect it.
   *
   * @throws TableWriteException if the database cannot be reached to detect the dialect
   */
  public List<String> createTableStatements() {
    return ddl.createStatements(writer);
  }

  /**
   * Creates the table with its primary key, and its dead-letter table, if they do not exist, and
   * commits. An existing table is left as it is, even if it lacks a projected column.
   *
   * @throws TableWriteException if the database refuses
   */
  public void createTableIfMissing() {
    ddl.createIfMissing(writer);
  }

  /**
   * Returns how many records this consumer gave up on (dead-lettered or handed to the handler), how
   * often the table refused a record, and how many it is retrying now. Never blocks.
   */
  public TableConsumerHealth health() {
    return writer.health();
  }

  /**
   * Writes {@code records} in one transaction and returns after the commit, with the records it
   * gave up on.
   *
   * <p>Records with the same key keep the one with the greatest {@code updated_idx}; each is then
   * written only if it is newer than the row in the table. A record the table refuses is retried or
   * given up on as the class comment says: while it is retried, this throws and nothing of the
   * batch is written; once it is given up on, the rest is committed with it in the dead-letter
   * table, or the handler is called for it after the commit.
   *
   * @return the records not written to the table (dead-lettered or handed to the handler); empty if
   *     every record was written
   * @throws PoisonRecordException if a record can never be written and is still being retried
   * @throws TableWriteException if the batch was rolled back for any other reason (a clash being
   *     retried included), or the handler failed after the commit
   */
  public List<PoisonRecordException> apply(List<Record> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      return List.of();
    }
    List<PoisonRecordException> poison = new ArrayList<>();
    return writer.write(rows.rows(records, poison), poison);
  }

  /**
   * Writes {@code records} as {@link #apply} does, on the configured executor (by default the
   * consumer's own threads); the future fails with the exception {@code apply} would throw.
   */
  public CompletableFuture<Void> applyAsync(List<Record> records) {
    List<Record> copy = List.copyOf(records);
    return CompletableFuture.runAsync(() -> apply(copy), executor);
  }

  /**
   * Writes the records of {@code batch} as {@link #processBatch} does, without saying which were
   * skipped.
   */
  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return processBatch(batch).thenApply(result -> null);
  }

  /**
   * Writes the records of {@code batch} as {@link #applyAsync} does: the stage completes after the
   * commit, so a request awaiting this consumer can read its write from the table when it returns,
   * and names the events whose record was given up on (with every other event of the same record in
   * the batch), so requests awaiting them are answered {@code record_not_applied}. It fails with a
   * {@link TableWriteException} for the stream to deliver the batch again.
   */
  @Override
  public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
    List<Record> records = new ArrayList<>(batch.size());
    for (ChangeEvent event : batch) {
      records.add(event.record());
    }
    return CompletableFuture.supplyAsync(() -> apply(records), executor)
        .thenApply(skipped -> BatchRows.result(batch, skipped));
  }

  /** Returns the table, dialect and projected columns; never data or the data source's secrets. */
  @Override
  public String toString() {
    List<String> columns = new ArrayList<>();
    for (ProjectedColumn p : settings.projected) {
      columns.add(p.column());
    }
    return "JdbcTableConsumer{table="
        + ddl.qualifiedName()
        + (settings.dialect == null ? "" : ", dialect=" + settings.dialect)
        + ", projected="
        + columns
        + ", deletes="
        + settings.deleteMode
        + "}";
  }

  /** Builds a {@link JdbcTableConsumer}. Not thread-safe. */
  public static final class Builder {
    private final TableConsumerSettings s;

    Builder() {
      this(new TableConsumerSettings());
    }

    private Builder(TableConsumerSettings settings) {
      this.s = settings;
    }

    /**
     * Sets where connections come from. Use a pool in production; every batch borrows one
     * connection for one transaction.
     */
    public Builder dataSource(DataSource dataSource) {
      s.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Sets the table, in the connection's default schema.
     *
     * @throws IllegalArgumentException if {@code table} is not a plain SQL identifier
     */
    public Builder table(String table) {
      s.table = Identifiers.check(table, "table");
      s.schema = null;
      return this;
    }

    /**
     * Sets the table and its schema.
     *
     * @throws IllegalArgumentException if a name is not a plain SQL identifier
     */
    public Builder table(String schema, String table) {
      s.schema = Identifiers.check(schema, "schema");
      s.table = Identifiers.check(table, "table");
      return this;
    }

    /** Sets the dialect; by default it is detected from the database on first use. */
    public Builder dialect(SqlDialect dialect) {
      s.dialect = Objects.requireNonNull(dialect, "dialect");
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
      s.projected.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /** Sets what happens to deleted records; the default is {@link DeleteMode#SOFT}. */
    public Builder deletes(DeleteMode deleteMode) {
      s.deleteMode = Objects.requireNonNull(deleteMode, "deleteMode");
      return this;
    }

    /**
     * Sets the executor batches run on, so the stream's delivery thread does not wait on the
     * database. By default the consumer makes its own daemon threads as partitions need them, so
     * one partition waiting on the database never holds up another. The caller owns an executor it
     * sets; give it at least as many threads as partitions for the same independence.
     */
    public Builder executor(Executor executor) {
      s.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets who takes records that can never be written, so the rest of the stream moves on: the
     * handler gets each such record at once, after its batch commits. By default such a record is
     * retried and then written to the dead-letter table; see {@link #deadLetterAfter}.
     */
    public Builder onPoisonRecord(PoisonRecordHandler handler) {
      s.poisonHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets how long a batch's transaction waits for a row lock before it fails and is retried with
     * backoff (PostgreSQL {@code lock_timeout}, set for each batch's transaction); the default is 5
     * s.
     *
     * @throws IllegalArgumentException if not at least 1 ms
     */
    public Builder lockTimeout(Duration lockTimeout) {
      s.lockTimeout = positive(lockTimeout, "lockTimeout");
      return this;
    }

    /**
     * Sets how long one statement of a batch may run before it fails and the batch is retried
     * (PostgreSQL {@code statement_timeout}, set for each batch's transaction); the default is 30
     * s.
     *
     * @throws IllegalArgumentException if not at least 1 ms
     */
    public Builder statementTimeout(Duration statementTimeout) {
      s.statementTimeout = positive(statementTimeout, "statementTimeout");
      return this;
    }

    /**
     * Sets how long a record that clashes with other rows (SQLState 23505 unique, 23503 foreign
     * key, 23P01 exclusion) is retried, its batch failing each time, before it is given up on like
     * a poison record; the default is 30 s. A clash often clears once another partition catches up.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder retryConflictsFor(Duration retryConflictsFor) {
      Objects.requireNonNull(retryConflictsFor, "retryConflictsFor");
      if (retryConflictsFor.isNegative()) {
        throw new IllegalArgumentException(
            "retryConflictsFor must not be negative: " + retryConflictsFor);
      }
      s.retryConflictsFor = retryConflictsFor;
      return this;
    }

    /**
     * Sets when a poison record, without a {@link #onPoisonRecord handler}, goes to the dead-letter
     * table: once its batch has been refused {@code attempts} times or for {@code time}, whichever
     * comes first. Until then the batch fails (nothing of it is written) and the stream retries it,
     * which gives an operator a moment to fix the table. The defaults are 3 attempts and 10 s.
     *
     * @throws IllegalArgumentException if {@code attempts} is below 1 or {@code time} negative
     */
    public Builder deadLetterAfter(int attempts, Duration time) {
      Objects.requireNonNull(time, "time");
      if (attempts < 1 || time.isNegative()) {
        throw new IllegalArgumentException(
            "deadLetterAfter needs at least 1 attempt and a time not negative: "
                + attempts
                + ", "
                + time);
      }
      s.deadLetterAttempts = attempts;
      s.deadLetterAfter = time;
      return this;
    }

    /**
     * Sets the dead-letter table, in the table's schema; the default is the table's name with
     * {@code _dead_letter} appended. It is created by {@link
     * JdbcTableConsumer#createTableIfMissing} or, if missing, with the first dead letter.
     *
     * @throws IllegalArgumentException if {@code table} is not a plain SQL identifier
     */
    public Builder deadLetterTable(String table) {
      s.deadLetterName = Identifiers.check(table, "deadLetterTable");
      return this;
    }

    /**
     * Also keeps each dead-lettered record's data (JSON) in the dead-letter table. Off by default:
     * the table then holds the key, version, SQLState, reason and time only, so record data stays
     * in one place.
     */
    public Builder deadLetterData(boolean keep) {
      s.deadLetterData = keep;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
      }
      return d;
    }

    /**
     * Returns the consumer. It does not connect to the database.
     *
     * @throws IllegalStateException if the data source or the table is missing, or a projected
     *     column is named twice or takes the name of one of the table's own columns
     */
    public JdbcTableConsumer build() {
      s.check();
      return new JdbcTableConsumer(s.copy());
    }
  }

  /** Returns {@code "jdbc"}, this consumer's kind in the Management API. */
  @Override
  public String kind() {
    return "jdbc";
  }

  /**
   * Returns true when batches run on the consumer's own threads (no {@link Builder#executor} was
   * set): {@link #processBatch} then only hands the batch to one of them and returns, so a stream
   * may call it on the thread that published the events and spare the hand-off to its own delivery
   * thread (an awaiting request is answered one thread switch sooner). False with an executor of
   * the caller's, whose {@code execute} may block or run the batch on the calling thread.
   */
  @Override
  public boolean isNonBlocking() {
    return settings.executor == null;
  }
}
