package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.JsonNumber;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link JdbcTableConsumer} promises on every dialect, against a real database. Each test
 * writes to a table of its own.
 */
abstract class TableConsumerContract {
  static final Instant T0 = Instant.parse("2024-11-10T18:39:00.070453Z");
  private static final AtomicInteger TABLES = new AtomicInteger();

  RecordingDataSource db;
  String table;

  /** The database under test; the same one for every test of a class. */
  abstract DataSource database();

  abstract SqlDialect dialect();

  @BeforeEach
  void newTable() {
    db = new RecordingDataSource(database());
    table = "contacts_" + TABLES.incrementAndGet();
  }

  JdbcTableConsumer.Builder consumer() {
    return JdbcTableConsumer.builder().dataSource(db).table(table);
  }

  JdbcTableConsumer created(JdbcTableConsumer.Builder builder) {
    JdbcTableConsumer consumer = builder.build();
    consumer.createTableIfMissing();
    return consumer;
  }

  static Record contact(String id, long idx, Map<String, ?> data) {
    return Record.builder()
        .syncId("sync-1")
        .collectionId("salesforce:contact")
        .upstreamId(id)
        .upstreamUpdatedAt(T0.plusSeconds(idx))
        .upstreamCreatedAt(T0)
        .updatedIdx(idx)
        .data(data)
        .build();
  }

  static Record deleted(String id, long idx, Map<String, ?> data) {
    return contact(id, idx, data).toBuilder().deleted(true).upstreamCreatedAt(null).build();
  }

  static Map<String, Object> name(String first) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("FirstName", first);
    data.put("LastName", "Lovelace");
    return data;
  }

  /** A row as stored, read with plain SQL as an application would. */
  record Stored(Map<String, Object> data, boolean deleted, long updatedIdx, Instant updatedAt) {}

  Stored stored(String id) throws SQLException {
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT data, deleted, updated_idx, upstream_updated_at FROM "
                    + table
                    + " WHERE sync_id = 'sync-1' AND collection_id = 'salesforce:contact'"
                    + " AND upstream_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data =
            (Map<String, Object>)
                WireJson.readValue(rs.getString(1).getBytes(StandardCharsets.UTF_8));
        return new Stored(
            data,
            rs.getBoolean(2),
            rs.getLong(3),
            rs.getObject(4, OffsetDateTime.class).toInstant());
      }
    }
  }

  <T> T column(String id, String column, Class<T> type) throws SQLException {
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE upstream_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row %s", id).isTrue();
        return rs.getObject(1, type);
      }
    }
  }

  /** Reads a column as text; JSON columns do not convert to String through getObject. */
  String text(String id, String column) throws SQLException {
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE upstream_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row %s", id).isTrue();
        return rs.getString(1);
      }
    }
  }

  long count() throws SQLException {
    try (Connection c = database().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = database().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  // ---- writes ----------------------------------------------------------------------------------

  @Test
  void apply_rowIsReadableWhenApplyReturns() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());

    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    Stored row = stored("003A");
    assertThat(row.data()).isEqualTo(name("Ada"));
    assertThat(row.deleted()).isFalse();
    assertThat(row.updatedIdx()).isEqualTo(1);
    assertThat(row.updatedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(column("003A", "upstream_created_at", OffsetDateTime.class).toInstant())
        .isEqualTo(T0);
    assertThat(db.commits).hasValue(1);
  }

  @Test
  void apply_dataKeepsNullsAndExactNumbers() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Phone", null);
    data.put("Big", JsonNumber.parse("12345678901234567890.12345678901234567890"));
    data.put("Nested", Map.of("list", List.of(true, "x")));

    consumer.apply(List.of(contact("003A", 1, data)));

    assertThat(stored("003A").data()).isEqualTo(data).containsKey("Phone");
  }

  @Test
  void apply_newerVersionReplacesRow() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    consumer.apply(List.of(contact("003A", 2, name("Grace"))));

    assertThat(stored("003A").data()).isEqualTo(name("Grace"));
    assertThat(stored("003A").updatedIdx()).isEqualTo(2);
  }

  @Test
  void apply_olderVersionDeliveredLateIsIgnored() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    consumer.apply(List.of(contact("003A", 3, name("Third"))));

    consumer.apply(List.of(contact("003A", 2, name("Second"))));
    consumer.apply(List.of(contact("003A", 3, name("Same version, other data"))));

    assertThat(stored("003A").data()).isEqualTo(name("Third"));
    assertThat(stored("003A").updatedIdx()).isEqualTo(3);
  }

  @Test
  void apply_redeliveredBatchLeavesNewestVersion() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    List<Record> batch =
        List.of(
            contact("003A", 1, name("A1")),
            contact("003B", 1, name("B1")),
            contact("003A", 2, name("A2")));
    consumer.apply(batch);
    consumer.apply(List.of(contact("003B", 2, name("B2"))));

    consumer.apply(batch);

    assertThat(stored("003A").data()).isEqualTo(name("A2"));
    assertThat(stored("003B").data()).isEqualTo(name("B2"));
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void apply_versionsOfOneRecordInOneBatch_newestWinsWhateverTheOrder() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());

    consumer.apply(
        List.of(
            contact("003A", 2, name("Two")),
            contact("003A", 3, name("Three")),
            contact("003A", 1, name("One"))));

    assertThat(stored("003A").data()).isEqualTo(name("Three"));
  }

  @Test
  void apply_recordsOfOtherSyncsAndCollectionsAreOtherRows() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    Record a = contact("003A", 1, name("Ada"));

    consumer.apply(
        List.of(
            a,
            a.toBuilder().syncId("sync-2").build(),
            a.toBuilder().collectionId("salesforce:lead").build()));

    assertThat(count()).isEqualTo(3);
  }

  // ---- deletes ---------------------------------------------------------------------------------

  @Test
  void softDelete_keepsRowMarkedDeleted_andStaleVersionCannotBringItBack() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    consumer.apply(List.of(deleted("003A", 2, name("Ada"))));
    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    Stored row = stored("003A");
    assertThat(row.deleted()).isTrue();
    assertThat(row.updatedIdx()).isEqualTo(2);
    assertThat(row.data()).isEqualTo(name("Ada"));
    assertThat(column("003A", "upstream_created_at", OffsetDateTime.class).toInstant())
        .as("a delete without a creation time keeps the stored one")
        .isEqualTo(T0);
  }

  @Test
  void softDeleteWithoutData_keepsLastKnownState() throws SQLException {
    JdbcTableConsumer consumer =
        created(consumer().project("FirstName", "first_name", ColumnType.TEXT));
    consumer.apply(List.of(contact("003A", 1, name("Ada"))));

    consumer.apply(List.of(deleted("003A", 2, Map.of())));

    Stored row = stored("003A");
    assertThat(row.deleted()).isTrue();
    assertThat(row.data()).isEqualTo(name("Ada"));
    assertThat(column("003A", "first_name", String.class)).isEqualTo("Ada");
  }

  @Test
  void softDeleteOfUnknownRecord_insertsTombstone() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());

    consumer.apply(List.of(deleted("003A", 5, Map.of())));
    consumer.apply(List.of(contact("003A", 4, name("Ada"))));

    assertThat(stored("003A").deleted()).isTrue();
    assertThat(stored("003A").data()).isEmpty();
  }

  @Test
  void hardDelete_removesRow_unlessRowIsNewer() throws SQLException {
    JdbcTableConsumer consumer = created(consumer().deletes(DeleteMode.HARD));
    consumer.apply(List.of(contact("003A", 1, name("Ada")), contact("003B", 5, name("Bea"))));

    consumer.apply(List.of(deleted("003A", 2, Map.of()), deleted("003B", 4, Map.of())));

    assertThat(stored("003A")).isNull();
    assertThat(stored("003B").data()).isEqualTo(name("Bea"));
  }

  // ---- projected columns -----------------------------------------------------------------------

  @Test
  void projectedColumns_holdTypedValues() throws SQLException {
    JdbcTableConsumer consumer =
        created(
            consumer()
                .project("Email", "email", ColumnType.TEXT)
                .project("Employees", "employees", ColumnType.BIGINT)
                .project("Revenue", "revenue", ColumnType.NUMERIC)
                .project("Score", "score", ColumnType.DOUBLE)
                .project("Active", "active", ColumnType.BOOLEAN)
                .project("LastModifiedDate", "last_modified", ColumnType.TIMESTAMP)
                .project("Birthdate", "birthdate", ColumnType.DATE)
                .project("Address", "address", ColumnType.JSON)
                .project("Order", "order", ColumnType.TEXT)
                .project("Missing", "missing", ColumnType.BIGINT));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Email", "ada@example.com");
    data.put("Employees", 42);
    data.put("Revenue", JsonNumber.parse("12345678901234567890.125"));
    data.put("Score", JsonNumber.parse("0.5"));
    data.put("Active", true);
    data.put("LastModifiedDate", "2024-11-10T18:39:00.000+0000");
    data.put("Birthdate", "1815-12-10");
    data.put("Address", Map.of("City", "London"));
    data.put("Order", null);

    consumer.apply(List.of(contact("003A", 1, data)));

    assertThat(column("003A", "email", String.class)).isEqualTo("ada@example.com");
    assertThat(column("003A", "employees", Long.class)).isEqualTo(42L);
    assertThat(column("003A", "revenue", BigDecimal.class))
        .isEqualByComparingTo("12345678901234567890.125");
    assertThat(column("003A", "score", Double.class)).isEqualTo(0.5);
    assertThat(column("003A", "active", Boolean.class)).isTrue();
    assertThat(column("003A", "last_modified", OffsetDateTime.class).toInstant())
        .isEqualTo(Instant.parse("2024-11-10T18:39:00Z"));
    assertThat(column("003A", "birthdate", LocalDate.class)).isEqualTo(LocalDate.of(1815, 12, 10));
    assertThat(WireJson.readValue(text("003A", "address").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Map.of("City", "London"));
    assertThat(column("003A", "\"" + fold("order") + "\"", String.class)).isNull();
    assertThat(column("003A", "missing", Long.class)).isNull();
  }

  String fold(String name) {
    return dialect() == SqlDialect.H2 ? name.toUpperCase() : name;
  }

  // ---- poison records --------------------------------------------------------------------------

  @Test
  void fieldThatDoesNotFitItsColumn_failsBatchNamingRecordAndField_writesNothing()
      throws SQLException {
    JdbcTableConsumer consumer =
        created(consumer().project("Employees", "employees", ColumnType.BIGINT));
    Record bad = contact("003B", 7, Map.of("Employees", "forty-two secret"));

    PoisonRecordException e =
        catchThrowableOfType(
            PoisonRecordException.class,
            () -> consumer.apply(List.of(contact("003A", 1, Map.of("Employees", 1)), bad)));

    assertThat(e.record()).isSameAs(bad);
    assertThat(e.getMessage())
        .contains("sync-1/salesforce:contact/003B", "updated_idx 7", table, "'Employees'")
        .contains("is a string, not an integer", "employees (BIGINT)")
        .doesNotContain("forty-two");
    assertThat(count()).isZero();
    assertThat(db.connections).as("checked before touching the database").hasValue(1);
  }

  @Test
  void rowTheDatabaseRefuses_isSingledOut_andNothingIsWritten() throws SQLException {
    JdbcTableConsumer consumer = created(consumer().project("Amount", "amount", ColumnType.BIGINT));
    execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_positive CHECK (amount >= 0)");
    Record bad = contact("003B", 3, Map.of("Amount", -5));

    PoisonRecordException e =
        catchThrowableOfType(
            PoisonRecordException.class,
            () ->
                consumer.apply(
                    List.of(
                        contact("003A", 1, Map.of("Amount", 1)),
                        bad,
                        contact("003C", 1, Map.of("Amount", 2)))));

    assertThat(e.record()).isSameAs(bad);
    // A check constraint: 23514 on PostgreSQL, 23513 on H2.
    assertThat(e.sqlState()).get().asString().startsWith("2351");
    assertThat(e.databaseError()).isPresent();
    assertThat(e.getCause()).as("driver messages quote row values").isNull();
    assertThat(e.getMessage()).contains("003B", "SQLState 2351").doesNotContain("-5");
    assertThat(count()).isZero();
  }

  @Test
  void poisonHandler_takesPoisonRecords_andTheRestIsCommitted() throws SQLException {
    List<PoisonRecordException> poison = new CopyOnWriteArrayList<>();
    JdbcTableConsumer consumer =
        created(
            consumer().project("Amount", "amount", ColumnType.BIGINT).onPoisonRecord(poison::add));
    execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_positive CHECK (amount >= 0)");
    Record refused = contact("003B", 1, Map.of("Amount", -5));
    Record misfit = contact("003D", 1, Map.of("Amount", "many"));
    Record unordered = contact("003E", 1, Map.of()).toBuilder().build();
    Record noIdx =
        Record.builder()
            .syncId("sync-1")
            .collectionId("salesforce:contact")
            .upstreamId("003F")
            .upstreamUpdatedAt(T0)
            .build();

    consumer.apply(
        List.of(
            contact("003A", 1, Map.of("Amount", 1)),
            refused,
            misfit,
            noIdx,
            unordered,
            contact("003C", 1, Map.of("Amount", 2))));

    assertThat(poison)
        .extracting(PoisonRecordException::record)
        .containsExactlyInAnyOrder(refused, misfit, noIdx);
    assertThat(count()).isEqualTo(3);
    assertThat(column("003C", "amount", Long.class)).isEqualTo(2L);
  }

  @Test
  void poisonWithoutHandler_goesToTheDeadLetterTable_withDataOnlyIfAllowed() throws SQLException {
    for (boolean keepData : new boolean[] {false, true}) {
      table = table + (keepData ? "_kept" : "");
      JdbcTableConsumer consumer =
          created(
              consumer()
                  .project("Amount", "amount", ColumnType.BIGINT)
                  .deadLetterAfter(1, Duration.ofMinutes(1))
                  .deadLetterData(keepData));

      List<PoisonRecordException> skipped =
          consumer.apply(
              List.of(
                  contact("003A", 1, Map.of("Amount", 1)),
                  contact("003B", 5, Map.of("Amount", "x"))));

      assertThat(skipped).extracting(p -> p.record().upstreamId()).containsExactly("003B");
      assertThat(count()).isEqualTo(1);
      try (Connection c = database().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT upstream_id, updated_idx, reason, data FROM " + table + "_dead_letter")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("003B");
        assertThat(rs.getLong(2)).isEqualTo(5);
        assertThat(rs.getString(3)).contains("'Amount'");
        assertThat(rs.getString(4) != null).isEqualTo(keepData);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void poisonHandlerThatFails_failsBatch_andRetryIsHarmless() throws SQLException {
    AtomicInteger calls = new AtomicInteger();
    JdbcTableConsumer consumer =
        created(
            consumer()
                .project("Amount", "amount", ColumnType.BIGINT)
                .onPoisonRecord(
                    p -> {
                      if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("dead-letter table unavailable");
                      }
                    }));
    List<Record> batch =
        List.of(contact("003A", 1, Map.of("Amount", 1)), contact("003B", 1, Map.of("Amount", "x")));

    assertThatThrownBy(() -> consumer.apply(batch))
        .isInstanceOf(TableWriteException.class)
        .hasMessageContaining(
            "poison-record handler failed on record sync-1/salesforce:contact/003B");
    consumer.apply(batch);

    assertThat(calls).hasValue(2);
    assertThat(count()).isEqualTo(1);
  }

  // ---- failures and retries --------------------------------------------------------------------

  @Test
  void failedCommit_rollsBackWholeBatch_andRetryLandsOnce() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(contact("003" + i, 1, name("N" + i)));
    }
    db.failNextCommits(1);

    TableWriteException e =
        catchThrowableOfType(TableWriteException.class, () -> consumer.apply(batch));
    assertThat(e).isNotInstanceOf(PoisonRecordException.class);
    assertThat(e.getMessage()).contains("10 records", table, "rolled back", "SQLState 08006");
    assertThat(e.sqlState()).hasValue("08006");
    assertThat(count()).isZero();

    consumer.apply(batch);
    assertThat(count()).isEqualTo(10);
    assertThat(stored("0033").data()).isEqualTo(name("N3"));
  }

  @Test
  void missingTable_isRetryableFailure_thatSucceedsOnceTableExists() throws SQLException {
    JdbcTableConsumer consumer = consumer().build();
    List<Record> batch = List.of(contact("003A", 1, name("Ada")));

    TableWriteException e =
        catchThrowableOfType(TableWriteException.class, () -> consumer.apply(batch));
    assertThat(e).isNotInstanceOf(PoisonRecordException.class);
    assertThat(e.getCause()).isInstanceOf(SQLException.class);

    consumer.createTableIfMissing();
    consumer.apply(batch);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void thousandRecordBatch_isOneTransactionOfOneBatchedStatement() throws SQLException {
    JdbcTableConsumer consumer = created(consumer().project("Email", "email", ColumnType.TEXT));
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> data = name("N" + i);
      data.put("Email", "n" + i + "@example.com");
      batch.add(contact(String.format("003%05d", i), 1, data));
    }
    int connections = db.connections.get();
    int commits = db.commits.get();

    consumer.apply(batch);

    assertThat(count()).isEqualTo(1000);
    assertThat(column("00300999", "email", String.class)).isEqualTo("n999@example.com");
    assertThat(db.connections.get() - connections).isEqualTo(1);
    assertThat(db.commits.get() - commits).isEqualTo(1);
    assertThat(db.executeBatch).hasValue(1);
    assertThat(db.executeUpdate).hasValue(0);
  }

  @Test
  void thousandRecordBatchOfUpdatesAndDeletes_landsWhole() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());
    List<Record> creates = new ArrayList<>();
    List<Record> changes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = String.format("003%05d", i);
      creates.add(contact(id, 1, name("N" + i)));
      changes.add(i % 2 == 0 ? contact(id, 2, name("M" + i)) : deleted(id, 2, Map.of()));
    }
    consumer.apply(creates);

    consumer.apply(changes);

    assertThat(stored("00300998").data()).isEqualTo(name("M998"));
    assertThat(stored("00300999").deleted()).isTrue();
    assertThat(stored("00300999").data()).isEqualTo(name("N999"));
  }

  @Test
  void concurrentWritersOfTheSameRecords_leaveTheNewestVersion() throws Exception {
    JdbcTableConsumer consumer = created(consumer());
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long idx = w + 1;
        done.add(
            pool.submit(
                () -> {
                  List<Record> batch = new ArrayList<>();
                  // Each writer walks the keys in another order; the consumer sorts them.
                  for (int i = 0; i < 200; i++) {
                    int key = (i * STRIDES[(int) idx - 1]) % 200;
                    batch.add(contact("003" + key, idx, name("v" + idx)));
                  }
                  retryLikeTheStream(() -> consumer.apply(batch));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(count()).isEqualTo(200);
    for (int key = 0; key < 200; key += 37) {
      assertThat(stored("003" + key).updatedIdx()).isEqualTo(writers);
    }
  }

  /** Coprime with 200: each writer visits every key once, in its own order. */
  private static final int[] STRIDES = {1, 3, 7, 9};

  /** Retries a batch that failed as a whole, as the change stream does; poison is not retried. */
  static void retryLikeTheStream(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (PoisonRecordException e) {
        throw e;
      } catch (TableWriteException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  @Test
  void applyAsync_runsOnTheConfiguredExecutor_andCompletesAfterTheCommit() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicInteger tasks = new AtomicInteger();
      Executor counting =
          task -> {
            tasks.incrementAndGet();
            pool.execute(task);
          };
      JdbcTableConsumer consumer = created(consumer().executor(counting));

      consumer.applyAsync(List.of(contact("003A", 1, name("Ada")))).get(30, TimeUnit.SECONDS);

      assertThat(tasks).hasValue(1);
      assertThat(stored("003A").data()).isEqualTo(name("Ada"));
      assertThatThrownBy(
              () ->
                  consumer.toBuilder()
                      .table(table + "_missing")
                      .build()
                      .applyAsync(List.of(contact("003A", 1, name("Ada"))))
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TableWriteException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- DDL -------------------------------------------------------------------------------------

  @Test
  void createTableIfMissing_isIdempotent_andDetectsDialect() throws SQLException {
    JdbcTableConsumer consumer = created(consumer());

    consumer.createTableIfMissing();

    assertThat(count()).isZero();
    assertThat(consumer.createTableStatements().get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS \"" + fold(table) + "\"");
    assertThat(consumer.toString()).contains(table);
  }
}
