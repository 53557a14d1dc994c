package io.mutationapi.jdbc;

import io.mutationapi.jdbc.RowBinder.Kind;
import io.mutationapi.jdbc.RowBinder.Row;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes one batch of a {@link JdbcTableConsumer} in one transaction, and decides what becomes of
 * the records the table refuses: retried, dead-lettered or handed to the handler (see the
 * consumer's class comment). Keeps the counters of {@link TableConsumerHealth}. Thread-safe.
 */
final class TableWriter {
  /** Finds the table's SQL, detecting the dialect on a connection the first time. */
  @FunctionalInterface
  interface SqlSource {
    TableSql sql(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final String table;
  private final SqlSource sql;
  private final RowBinder binder;
  private final Duration lockTimeout;
  private final Duration statementTimeout;
  private final String deadLetterSchema;
  private final String deadLetterTable;
  private final boolean deadLetterData;
  private final PoisonRecords poison;
  private volatile boolean deadLetterTableReady;

  TableWriter(TableConsumerSettings b, String table, SqlSource sql, RowBinder binder) {
    this.dataSource = b.dataSource;
    this.table = table;
    this.sql = sql;
    this.binder = binder;
    this.lockTimeout = b.lockTimeout;
    this.statementTimeout = b.statementTimeout;
    this.deadLetterSchema = b.schema;
    this.deadLetterTable = b.deadLetterTable();
    this.deadLetterData = b.deadLetterData;
    this.poison = new PoisonRecords(b, table);
  }

  DeadLetterTable deadLetters(SqlDialect d) {
    return new DeadLetterTable(d, deadLetterSchema, deadLetterTable, deadLetterData);
  }

  void deadLetterTableCreated() {
    deadLetterTableReady = true;
  }

  TableConsumerHealth health() {
    return poison.health();
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Writes rows in one transaction, with the records the database or the conversion refused
   * dead-lettered in it or handed to the handler after it; returns those records. Throws, after a
   * rollback, if a refused record is to be retried.
   */
  List<PoisonRecordException> write(List<Row> rows, List<PoisonRecordException> misfits) {
    if (!misfits.isEmpty()) {
      // Refused before touching the database: if one of them is to be retried, do not connect.
      PoisonRecords.Verdict early = poison.decide(misfits);
      if (early.holds()) {
        throw poison.held(early);
      }
      if (rows.isEmpty() && early.toDeadLetters.isEmpty()) {
        return poison.handOver(early);
      }
      return writeInTransaction(rows, early);
    }
    return writeInTransaction(rows, null);
  }

  private List<PoisonRecordException> writeInTransaction(
      List<Row> rows, PoisonRecords.Verdict early) {
    PoisonRecords.Verdict verdict = early;
    try (Connection c = dataSource.getConnection()) {
      TableSql s = sql.sql(c);
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        List<PoisonRecordException> refused = List.of();
        if (!rows.isEmpty()) {
          try {
            if (s.dialect == SqlDialect.POSTGRESQL && rows.size() == 1) {
              writeOneWithLimits(c, s, rows.get(0));
            } else {
              limitWaits(c, s);
              writeBatched(c, s, rows);
            }
          } catch (SQLException e) {
            rollbackQuietly(c, e);
            if (!SqlStates.isCausedByRow(e)) {
              throw e;
            }
            limitWaits(c, s);
            refused = writeOneByOne(c, s, rows);
          }
        }
        if (!refused.isEmpty()) {
          PoisonRecords.Verdict late = poison.decide(refused);
          if (late.holds()) {
            c.rollback();
            throw poison.held(late);
          }
          if (verdict == null) {
            verdict = late;
          } else {
            verdict.toHandler.addAll(late.toHandler);
            verdict.toDeadLetters.addAll(late.toDeadLetters);
          }
        }
        if (verdict != null && !verdict.toDeadLetters.isEmpty()) {
          DeadLetterTable dead = deadLetters(s.dialect);
          if (!deadLetterTableReady) {
            dead.createIfMissing(c);
          }
          dead.insert(c, verdict.toDeadLetters, Instant.now());
        }
        c.commit();
        if (verdict != null && !verdict.toDeadLetters.isEmpty()) {
          deadLetterTableReady = true;
        }
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
              + table
              + " failed and was rolled back",
          e);
    }
    for (Row row : rows) {
      poison.written(row.record);
    }
    return verdict == null ? List.of() : poison.handOver(verdict);
  }

  /**
   * Bounds how long the batch's transaction waits for a row lock and how long a statement runs, so
   * a session left idle in a transaction cannot stop the consumer: PostgreSQL only (H2 has its own
   * lock timeout). Applies to the current transaction only.
   */
  private void limitWaits(Connection c, TableSql s) throws SQLException {
    if (s.dialect != SqlDialect.POSTGRESQL) {
      return;
    }
    try (Statement statement = c.createStatement()) {
      statement.execute(
          "SELECT set_config('lock_timeout', '"
              + lockTimeout.toMillis()
              + "', true), set_config('statement_timeout', '"
              + statementTimeout.toMillis()
              + "', true)");
    }
  }

  /**
   * Writes a batch of one row on PostgreSQL with the limits of {@link #limitWaits} in the same
   * statement text ({@code SET LOCAL ...; SET LOCAL ...; <upsert>}), which the driver sends in one
   * round trip with the transaction's {@code BEGIN}: a one-record batch (an awaited create, one at
   * a time) then costs that round trip and the commit's, as a hand-written upsert does, instead of
   * three. The {@code SET LOCAL}s run before the upsert, so its lock waits and its time are bounded
   * as in a larger batch. Larger batches keep the separate statement: repeating the {@code SET}s
   * for every row of a batch would cost more than the round trip saved.
   */
  private void writeOneWithLimits(Connection c, TableSql s, Row row) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement(
            "SET LOCAL lock_timeout = "
                + lockTimeout.toMillis()
                + "; SET LOCAL statement_timeout = "
                + statementTimeout.toMillis()
                + "; "
                + RowBinder.statementFor(s, row.kind))) {
      binder.bind(statement, s.dialect, row);
      statement.execute();
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
            statement = c.prepareStatement(RowBinder.statementFor(s, kind));
          }
          binder.bind(statement, s.dialect, row);
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

  /**
   * Writes each row behind a savepoint, to find the rows the database refuses. Rows refused for a
   * clash are tried once more after the others, since a row later in the batch may have freed the
   * value they need.
   */
  private List<PoisonRecordException> writeOneByOne(Connection c, TableSql s, List<Row> rows)
      throws SQLException {
    Map<Kind, PreparedStatement> statements = new LinkedHashMap<>();
    try {
      List<Row> clashed = new ArrayList<>();
      List<PoisonRecordException> refused = writeEach(c, s, rows, statements, clashed);
      if (!clashed.isEmpty()) {
        refused.addAll(writeEach(c, s, clashed, statements, null));
      }
      return refused;
    } finally {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
    }
  }

  private List<PoisonRecordException> writeEach(
      Connection c,
      TableSql s,
      List<Row> rows,
      Map<Kind, PreparedStatement> statements,
      List<Row> clashed)
      throws SQLException {
    List<PoisonRecordException> refused = new ArrayList<>();
    for (Row row : rows) {
      PreparedStatement statement = statements.get(row.kind);
      if (statement == null) {
        statement = c.prepareStatement(RowBinder.statementFor(s, row.kind));
        statements.put(row.kind, statement);
      }
      Savepoint savepoint = c.setSavepoint();
      try {
        binder.bind(statement, s.dialect, row);
        statement.executeUpdate();
        c.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        c.rollback(savepoint);
        SqlStates.Kind kind = SqlStates.classify(e);
        if (kind == SqlStates.Kind.TRANSIENT) {
          throw e;
        }
        if (kind == SqlStates.Kind.ROW_CONFLICT && clashed != null) {
          clashed.add(row);
          continue;
        }
        String state = SqlStates.of(e);
        refused.add(
            new PoisonRecordException(
                table,
                row.record,
                "the database refused the row with SQLState "
                    + state
                    + " ("
                    + SqlStates.describe(state)
                    + ")",
                e));
      }
    }
    return refused;
  }

  // ---- failures ------------------------------------------------------------------------------

  static TableWriteException failure(String message, SQLException e) {
    // A batch exception's message can quote the statement with its values; the database's own
    // exception is the one worth keeping.
    SQLException cause =
        e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException()
            : e;
    String state = SqlStates.of(e);
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

  static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
