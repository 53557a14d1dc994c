package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The table consumer's contract on a real PostgreSQL server. */
class PostgresTableConsumerTest extends TableConsumerContract {
  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  @Override
  DataSource database() {
    return POSTGRES.dataSource();
  }

  @Override
  SqlDialect dialect() {
    return SqlDialect.POSTGRESQL;
  }

  @Test
  void nulCharacter_whichJsonbCannotHold_isAPoisonRecord() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Record bad = contact("003B", 1, Map.of("Notes", "before\u0000after"));

    PoisonRecordException e =
        catchThrowableOfType(
            PoisonRecordException.class,
            () -> consumer.apply(List.of(contact("003A", 1, name("Ada")), bad)));

    assertThat(e.record()).isSameAs(bad);
    assertThat(e.sqlState()).hasValue("22P05");
    assertThat(e.getMessage()).contains("003B", "a value the column cannot hold");
    assertThat(count()).isZero();
  }

  @Test
  void driverThatRewritesBatchedInserts_stillKeepsTheNewestVersion() throws SQLException {
    // A common production setting: the driver folds a batch into multi-row INSERTs, which
    // PostgreSQL refuses if one statement touches a row twice; the consumer sends each key once.
    db = new RecordingDataSource(POSTGRES.dataSource(Map.of("reWriteBatchedInserts", "true")));
    JdbcTableConsumer consumer = created(consumer());
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(contact(String.format("003%05d", i), 1, name("N" + i)));
    }
    batch.add(contact("00300007", 3, name("Newest")));
    batch.add(contact("00300007", 2, name("Older")));

    consumer.apply(batch);
    consumer.apply(batch.subList(0, 10));

    assertThat(count()).isEqualTo(1000);
    assertThat(stored("00300007").data()).isEqualTo(name("Newest"));
    assertThat(stored("00300008").data()).isEqualTo(name("N8"));
  }

  // ---- one-record batches: the wait limits travel with the upsert ----------------------------

  @Test
  void oneRecordBatch_sendsItsWaitLimitsWithTheUpsert_inOneStatementAndOneCommit()
      throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    int plain = db.plainStatements.get();
    int executes = db.execute.get();
    int batches = db.executeBatch.get();
    int commits = db.commits.get();

    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    assertThat(stored("003A").data()).isEqualTo(name("Ada"));
    assertThat(db.plainStatements.get() - plain).isZero();
    assertThat(db.execute.get() - executes).isEqualTo(1);
    assertThat(db.executeBatch.get() - batches).isZero();
    assertThat(db.commits.get() - commits).isEqualTo(1);
  }

  @Test
  void oneRecordBatch_runningPastTheStatementTimeout_failsWith57014_andWritesNothing()
      throws SQLException {
    JdbcTableConsumer consumer = created(consumer().statementTimeout(Duration.ofMillis(300)));
    execute(
        "CREATE FUNCTION "
            + table
            + "_slow() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$");
    execute(
        "CREATE TRIGGER "
            + table
            + "_slow BEFORE INSERT ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION "
            + table
            + "_slow()");
    long start = System.nanoTime();

    assertThatThrownBy(() -> consumer.apply(List.of(contact("003A", 1, name("Ada")))))
        .isInstanceOf(TableWriteException.class)
        .hasMessageContaining("57014");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(count()).isZero();
  }

  @Test
  void oneRecordBatch_thatTheTableRefuses_isStillFoundAsAPoisonRecord() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Record bad = contact("003B", 1, Map.of("Notes", "before\u0000after"));

    PoisonRecordException e =
        catchThrowableOfType(PoisonRecordException.class, () -> consumer.apply(List.of(bad)));

    assertThat(e.record()).isSameAs(bad);
    assertThat(e.sqlState()).hasValue("22P05");
    assertThat(count()).isZero();
  }

  @Test
  void oneRecordBatch_leavesTheConnectionsLimitsAsTheyWere() throws SQLException {
    OneConnection one = new OneConnection(POSTGRES.dataSource());
    db = new RecordingDataSource(one);
    JdbcTableConsumer consumer =
        created(
            consumer()
                .lockTimeout(Duration.ofMillis(1234))
                .statementTimeout(Duration.ofMillis(5678)));

    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    try (Connection c = one.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('lock_timeout'),"
                    + " current_setting('statement_timeout')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("0");
      assertThat(rs.getString(2)).isEqualTo("0");
    }
    one.closeForReal();
  }

  /**
   * What the consumer does with rows PostgreSQL refuses or locks: clashes retried, permanent
   * refusals dead-lettered or handed over, lock waits bounded, partitions independent.
   */
  @Nested
  class Refusals {
    JdbcTableConsumer.Builder emails() {
      return consumer().project("Email", "email", ColumnType.TEXT);
    }

    void uniqueEmails() throws SQLException {
      execute("CREATE UNIQUE INDEX " + table + "_email ON " + table + " (email)");
    }

    static Record withEmail(String id, long idx, String email) {
      return contact(id, idx, Map.of("Email", email));
    }

    List<Map<String, Object>> deadLetters() throws SQLException {
      List<Map<String, Object>> rows = new ArrayList<>();
      try (Connection c = database().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT upstream_id, updated_idx, sql_state, reason, dead_lettered_at, data::text"
                      + " FROM "
                      + table
                      + "_dead_letter ORDER BY upstream_id")) {
        while (rs.next()) {
          Map<String, Object> row = new java.util.HashMap<>();
          row.put("upstream_id", rs.getString(1));
          row.put("updated_idx", rs.getLong(2));
          row.put("sql_state", rs.getString(3));
          row.put("reason", rs.getString(4));
          row.put("at", rs.getTimestamp(5));
          row.put("data", rs.getString(6));
          rows.add(row);
        }
      }
      return rows;
    }

    // ---- item 1: a clash is retried, not poison ------------------------------------------------

    @Test
    void uniqueClash_isRetried_notGivenToTheHandler_andLandsOnceTheOtherRowMoves()
        throws SQLException {
      List<PoisonRecordException> handled = new CopyOnWriteArrayList<>();
      JdbcTableConsumer consumer = created(emails().onPoisonRecord(handled::add));
      uniqueEmails();
      consumer.apply(List.of(withEmail("003A", 1, "old@x.org"), withEmail("003B", 1, "b@x.org")));

      // B's partition first: B takes A's old email while A still holds it.
      TableWriteException clash =
          catchThrowableOfType(
              TableWriteException.class,
              () -> consumer.apply(List.of(withEmail("003B", 2, "old@x.org"))));
      assertThat(clash).isNotInstanceOf(PoisonRecordException.class);
      assertThat(clash.sqlState()).hasValue("23505");
      assertThat(clash.getMessage()).contains("003B", "unique index clash").doesNotContain("old@x");
      // Then A's partition moves A on, and B's batch is delivered again.
      consumer.apply(List.of(withEmail("003A", 2, "new@x.org")));
      assertThat(consumer.apply(List.of(withEmail("003B", 2, "old@x.org")))).isEmpty();

      assertThat(handled).isEmpty();
      assertThat(column("003B", "email", String.class)).isEqualTo("old@x.org");
      assertThat(column("003A", "email", String.class)).isEqualTo("new@x.org");
      assertThat(consumer.health().retrying()).isZero();
    }

    @Test
    void uniqueClashInsideOneBatch_resolvesInTheSameTransaction() throws SQLException {
      JdbcTableConsumer consumer = created(emails());
      uniqueEmails();
      consumer.apply(List.of(withEmail("003A", 1, "a@x.org"), withEmail("003B", 1, "b@x.org")));

      // Key order writes A first; swapping needs B to move before A can take its email.
      consumer.apply(List.of(withEmail("003A", 2, "c@x.org"), withEmail("003B", 2, "a@x.org")));

      assertThat(column("003A", "email", String.class)).isEqualTo("c@x.org");
      assertThat(column("003B", "email", String.class)).isEqualTo("a@x.org");
    }

    @Test
    void uniqueClashThatOutlastsItsRetries_isDeadLettered() throws SQLException {
      JdbcTableConsumer consumer = created(emails().retryConflictsFor(Duration.ZERO));
      uniqueEmails();
      consumer.apply(List.of(withEmail("003A", 1, "a@x.org")));

      List<PoisonRecordException> skipped =
          consumer.apply(List.of(withEmail("003B", 1, "a@x.org"), withEmail("003C", 1, "c@x.org")));

      assertThat(skipped).extracting(p -> p.record().upstreamId()).containsExactly("003B");
      assertThat(deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(r).containsEntry("sql_state", "23505"));
      assertThat(column("003C", "email", String.class)).isEqualTo("c@x.org");
    }

    // ---- item 4: poison without a handler is bounded ------------------------------------------

    @Test
    void poisonWithoutHandler_isRetriedThenDeadLettered_withoutData_andTheRestCommits()
        throws SQLException {
      JdbcTableConsumer consumer =
          created(
              consumer()
                  .project("Amount", "amount", ColumnType.BIGINT)
                  .deadLetterAfter(3, Duration.ofMinutes(1)));
      execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_pos CHECK (amount >= 0)");
      List<Record> batch =
          List.of(
              contact("003A", 1, Map.of("Amount", 1)), contact("003B", 4, Map.of("Amount", -5)));

      for (int attempt = 1; attempt < 3; attempt++) {
        assertThatThrownBy(() -> consumer.apply(batch)).isInstanceOf(PoisonRecordException.class);
        assertThat(count()).as("nothing written while it is retried").isZero();
      }
      List<PoisonRecordException> skipped = consumer.apply(batch);

      assertThat(skipped).extracting(p -> p.record().upstreamId()).containsExactly("003B");
      assertThat(count()).isEqualTo(1);
      assertThat(deadLetters())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r)
                    .containsEntry("upstream_id", "003B")
                    .containsEntry("updated_idx", 4L)
                    .containsEntry("sql_state", "23514");
                assertThat(r.get("data")).as("no data unless the host allows").isNull();
                assertThat(r.get("at")).isNotNull();
                assertThat((String) r.get("reason")).contains("CHECK").doesNotContain("-5");
              });
      assertThat(consumer.health().deadLettered()).isEqualTo(1);
      assertThat(consumer.health().refusals()).isEqualTo(3);
      assertThat(consumer.health().retrying()).isZero();
    }

    @Test
    void deadLetterData_keepsTheRecordsData_whenTheHostAllows() throws SQLException {
      JdbcTableConsumer consumer =
          created(
              consumer()
                  .project("Age", "age", ColumnType.BIGINT)
                  .deadLetterAfter(1, Duration.ofMinutes(1))
                  .deadLetterData(true));

      consumer.apply(List.of(contact("003B", 1, Map.of("Age", "fifteen"))));

      assertThat(deadLetters())
          .singleElement()
          .satisfies(r -> assertThat((String) r.get("data")).contains("fifteen"));
      assertThat(deadLetters().get(0).get("sql_state")).isNull();
    }

    @Test
    void valueTooLong_isPoison_andDeadLetteredWithItsState() throws SQLException {
      JdbcTableConsumer consumer = created(emails().deadLetterAfter(1, Duration.ofMinutes(1)));
      execute("ALTER TABLE " + table + " ALTER COLUMN email TYPE varchar(8)");

      consumer.apply(List.of(withEmail("003B", 1, "much-too-long@x.org")));

      assertThat(deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(r).containsEntry("sql_state", "22001"));
    }

    @Test
    void processBatch_reportsEveryEventOfASkippedRecord_asNotApplied() throws Exception {
      JdbcTableConsumer consumer =
          created(
              consumer()
                  .project("Age", "age", ColumnType.BIGINT)
                  .deadLetterAfter(1, Duration.ofMinutes(1)));
      ChangeEvent good = new ChangeEvent(new Position(3, 0), contact("003A", 1, Map.of("Age", 1)));
      ChangeEvent old = new ChangeEvent(new Position(3, 1), contact("003B", 1, Map.of("Age", 2)));
      ChangeEvent bad = new ChangeEvent(new Position(3, 2), contact("003B", 2, Map.of("Age", "x")));

      BatchResult result =
          consumer
              .processBatch(List.of(good, old, bad))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);

      assertThat(result.notApplied())
          .extracting(BatchResult.Skipped::event)
          .containsExactly(old, bad);
      assertThat(result.notApplied().get(0).reason()).contains("'Age'");
    }

    // ---- item 3: a lock does not stop the consumer --------------------------------------------

    @Test
    void rowLockedByAnotherSession_failsTheBatchAfterTheLockTimeout_andOtherPartitionsFlow()
        throws Exception {
      JdbcTableConsumer consumer = created(consumer().lockTimeout(Duration.ofMillis(300)));
      consumer.apply(List.of(contact("003A", 1, name("Ada")), contact("003B", 1, name("Bob"))));
      try (Connection holder = database().getConnection()) {
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
          s.execute("SELECT * FROM " + table + " WHERE upstream_id = '003A' FOR UPDATE");
        }
        long start = System.nanoTime();
        CompletableFuture<BatchResult> locked =
            consumer
                .processBatch(
                    List.of(new ChangeEvent(new Position(0, 5), contact("003A", 2, name("A2")))))
                .toCompletableFuture();
        CompletableFuture<BatchResult> other =
            consumer
                .processBatch(
                    List.of(new ChangeEvent(new Position(1, 5), contact("003B", 2, name("B2")))))
                .toCompletableFuture();

        assertThat(other.get(10, TimeUnit.SECONDS).isAllApplied()).isTrue();
        assertThatThrownBy(() -> locked.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TableWriteException.class)
            .hasMessageContaining("55P03");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        holder.rollback();
      }
      consumer.apply(List.of(contact("003A", 2, name("A2"))));
      assertThat(stored("003A").data()).isEqualTo(name("A2"));
    }

    // ---- item 7: what the driver puts in its messages ------------------------------------------

    /** The driver's messages for a batch that clashes on a unique key. */
    String driverMessages(Map<String, String> properties) throws SQLException {
      execute("CREATE TABLE IF NOT EXISTS " + table + "_leak (email text PRIMARY KEY)");
      try (Connection c = POSTGRES.dataSource(properties).getConnection();
          PreparedStatement ps =
              c.prepareStatement("INSERT INTO " + table + "_leak (email) VALUES (?)")) {
        ps.setString(1, "secret@x.org");
        ps.addBatch();
        ps.setString(1, "secret@x.org");
        ps.addBatch();
        ps.executeBatch();
      } catch (BatchUpdateException e) {
        return e.getMessage() + " | " + e.getNextException().getMessage();
      }
      throw new AssertionError("no clash");
    }

    @Test
    void withReWriteBatchedInserts_batchesStillLandWhole() throws SQLException {
      db = new RecordingDataSource(POSTGRES.dataSource(Map.of("reWriteBatchedInserts", "true")));
      JdbcTableConsumer consumer = created(emails());
      List<Record> creates = new ArrayList<>();
      List<Record> updates = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        creates.add(withEmail("003" + i, 1, "a" + i + "@x.org"));
        updates.add(withEmail("003" + i, 2, "b" + i + "@x.org"));
      }

      consumer.apply(creates);
      consumer.apply(updates);

      assertThat(count()).isEqualTo(300);
      assertThat(column("003299", "email", String.class)).isEqualTo("b299@x.org");
    }

    @Test
    void driverMessages_quoteRowValuesByDefault_butNotWithLogServerErrorDetailOff()
        throws SQLException {
      assertThat(driverMessages(Map.of())).contains("secret@x.org");
      execute("DROP TABLE " + table + "_leak");
      assertThat(driverMessages(Map.of("logServerErrorDetail", "false")))
          .contains("<unknown>", "duplicate key value")
          .doesNotContain("secret@x.org");
    }
  }
}
