package io.mutationapi.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * What a {@link JdbcTableConsumer.Builder} collects, each default written here once: the builder
 * fills one, the consumer keeps a {@linkplain #copy copy} that its parts read. Not thread-safe
 * while it is being built; never changed once a consumer holds it.
 */
final class TableConsumerSettings {
  DataSource dataSource;
  String schema;
  String table;
  List<ProjectedColumn> projected = new ArrayList<>();
  DeleteMode deleteMode = DeleteMode.SOFT;
  SqlDialect dialect;

  /** The executor batches run on; null for the consumer's own threads. */
  Executor executor;

  PoisonRecordHandler poisonHandler;
  Duration lockTimeout = Duration.ofSeconds(5);
  Duration statementTimeout = Duration.ofSeconds(30);
  Duration retryConflictsFor = Duration.ofSeconds(30);
  int deadLetterAttempts = 3;
  Duration deadLetterAfter = Duration.ofSeconds(10);

  /** The dead-letter table as configured; null for {@link #deadLetterTable()}'s default. */
  String deadLetterName;

  boolean deadLetterData;

  /**
   * Returns the dead-letter table: as configured, or the table's name with {@code _dead_letter}.
   */
  String deadLetterTable() {
    return deadLetterName != null ? deadLetterName : table + "_dead_letter";
  }

  /**
   * Checks what the builder cannot check setting by setting.
   *
   * @throws IllegalStateException if the data source or the table is missing, the default
   *     dead-letter name is too long, or a projected column is named twice or takes the name of one
   *     of the table's own columns
   */
  void check() {
    if (dataSource == null) {
      throw new IllegalStateException("dataSource is required: call dataSource(...)");
    }
    if (table == null) {
      throw new IllegalStateException("table is required: call table(\"name\")");
    }
    if (deadLetterName == null) {
      DeadLetterTable.checkDefaultName(table);
    }
    TableSql.checkProjected(projected);
  }

  /** Returns a copy with its own list of projected columns. */
  TableConsumerSettings copy() {
    TableConsumerSettings c = new TableConsumerSettings();
    c.dataSource = dataSource;
    c.schema = schema;
    c.table = table;
    c.projected = new ArrayList<>(projected);
    c.deleteMode = deleteMode;
    c.dialect = dialect;
    c.executor = executor;
    c.poisonHandler = poisonHandler;
    c.lockTimeout = lockTimeout;
    c.statementTimeout = statementTimeout;
    c.retryConflictsFor = retryConflictsFor;
    c.deadLetterAttempts = deadLetterAttempts;
    c.deadLetterAfter = deadLetterAfter;
    c.deadLetterName = deadLetterName;
    c.deadLetterData = deadLetterData;
    return c;
  }
}
