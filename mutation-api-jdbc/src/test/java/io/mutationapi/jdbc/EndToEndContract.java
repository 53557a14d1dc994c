package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes through a whole server: a request that awaits the table consumer returns only
 * when its write can be read from the table, on the calling thread, without sleeping. Nothing is
 * mocked: an in-memory upstream, the in-memory stream, and a real database.
 */
abstract class EndToEndContract {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String CONSUMER = "local-db";
  private static final AtomicInteger TABLES = new AtomicInteger();

  RecordingDataSource db;
  String table;
  JdbcTableConsumer consumer;
  MutationServer server;

  abstract DataSource database();

  @BeforeEach
  void start() {
    db = new RecordingDataSource(database());
    table = "e2e_contacts_" + TABLES.incrementAndGet();
    consumer =
        JdbcTableConsumer.builder()
            .dataSource(db)
            .table(table)
            .project("Email", "email", ColumnType.TEXT)
            .build();
    consumer.createTableIfMissing();
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer(CONSUMER, consumer, CONTACT)
            .stream(
                InMemoryStream.builder()
                    .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                    .build())
            .insecureNoAuthentication()
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  List<Record> run(MutationRequest request) {
    MutationOutcome outcome =
        server
            .service()
            .run(request, Principal.ANONYMOUS)
            .toCompletableFuture()
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    return ((MutationOutcome.Success) outcome).result().records();
  }

  Record createAndAwait(Map<String, ?> data) {
    return run(MutationRequest.create(SYNC, CONTACT).record(data).awaitConsumers(CONSUMER).build())
        .get(0);
  }

  /** The row as an application reads it: plain SQL, a connection of its own. */
  record Row(Map<String, Object> data, boolean deleted, long updatedIdx, String email) {}

  Row row(String upstreamId) throws SQLException {
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT data, deleted, updated_idx, email FROM "
                    + table
                    + " WHERE sync_id = ? AND collection_id = ? AND upstream_id = ?")) {
      ps.setString(1, SYNC);
      ps.setString(2, CONTACT);
      ps.setString(3, upstreamId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data =
            (Map<String, Object>)
                WireJson.readValue(rs.getString(1).getBytes(StandardCharsets.UTF_8));
        return new Row(data, rs.getBoolean(2), rs.getLong(3), rs.getString(4));
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

  @Test
  void createWithAwait_rowIsInTheTableWhenTheCallReturns() throws SQLException {
    Record created = createAndAwait(Map.of("FirstName", "Paul", "Email", "paul@arrakis.org"));

    Row row = row(created.upstreamId());
    assertThat(row).as("readable at once, on this thread").isNotNull();
    assertThat(row.data()).isEqualTo(created.data());
    assertThat(row.updatedIdx()).isEqualTo(created.updatedIdx().getAsLong());
    assertThat(row.email()).isEqualTo("paul@arrakis.org");
    assertThat(row.deleted()).isFalse();
  }

  @Test
  void updateWithAwait_rowHasTheNewStateWhenTheCallReturns() throws SQLException {
    Record created = createAndAwait(Map.of("FirstName", "Paul", "Email", "paul@arrakis.org"));

    Record updated =
        run(MutationRequest.update(SYNC, CONTACT)
                .record(created.upstreamId(), Map.of("Email", "muaddib@arrakis.org"))
                .awaitConsumers(CONSUMER)
                .build())
            .get(0);

    Row row = row(created.upstreamId());
    assertThat(row.data()).isEqualTo(updated.data()).containsEntry("FirstName", "Paul");
    assertThat(row.email()).isEqualTo("muaddib@arrakis.org");
    assertThat(row.updatedIdx()).isEqualTo(updated.updatedIdx().getAsLong()).isGreaterThan(1);
  }

  @Test
  void deleteWithAwait_rowIsMarkedDeletedWhenTheCallReturns() throws SQLException {
    Record created = createAndAwait(Map.of("FirstName", "Paul"));

    Record deleted =
        run(MutationRequest.delete(SYNC, CONTACT)
                .upstreamIds(created.upstreamId())
                .awaitConsumers(CONSUMER)
                .build())
            .get(0);

    Row row = row(created.upstreamId());
    assertThat(row.deleted()).isTrue();
    assertThat(row.updatedIdx()).isEqualTo(deleted.updatedIdx().getAsLong());
  }

  @Test
  void rolledBackBatch_isRetriedByTheStream_andLandsOnce() throws SQLException {
    db.failNextCommits(2);

    Record created = createAndAwait(Map.of("FirstName", "Paul"));

    assertThat(row(created.upstreamId())).isNotNull();
    assertThat(count()).isEqualTo(1);
    assertThat(db.rollbacks.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void redeliveredAndReorderedEvents_leaveTheNewestVersion() throws SQLException {
    Record created = createAndAwait(Map.of("FirstName", "Paul"));
    Record updated =
        run(MutationRequest.update(SYNC, CONTACT)
                .record(created.upstreamId(), Map.of("FirstName", "Muad'Dib"))
                .awaitConsumers(CONSUMER)
                .build())
            .get(0);

    // As a stream does after a restart: the old events again, newest first.
    consumer
        .process(
            List.of(
                new ChangeEvent(new Position(0, 1), updated),
                new ChangeEvent(new Position(0, 0), created)))
        .toCompletableFuture()
        .join();
    consumer
        .process(List.of(new ChangeEvent(new Position(0, 0), created)))
        .toCompletableFuture()
        .join();

    assertThat(row(created.upstreamId()).data()).containsEntry("FirstName", "Muad'Dib");
    assertThat(row(created.upstreamId()).updatedIdx()).isEqualTo(updated.updatedIdx().getAsLong());
  }

  @Test
  void thousandRecordCreate_allRowsAreInTheTableWhenTheCallReturns() throws SQLException {
    MutationRequest.CreateBuilder request = MutationRequest.create(SYNC, CONTACT);
    for (int i = 0; i < 1000; i++) {
      request.record(Map.of("FirstName", "N" + i, "Email", "n" + i + "@example.com"));
    }

    List<Record> created = run(request.awaitConsumers(CONSUMER).build());

    assertThat(count()).isEqualTo(1000);
    assertThat(row(created.get(999).upstreamId()).email()).isEqualTo("n999@example.com");
  }

  MutationOutcome attempt(MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }

  @Test
  void poisonRecord_goesToTheHandler_theAwaitAnswersRecordNotApplied_andTheStreamMovesOn()
      throws SQLException {
    List<Record> poison = new ArrayList<>();
    server.close();
    consumer =
        consumer.toBuilder()
            .project("Age", "age", ColumnType.BIGINT)
            .onPoisonRecord(p -> poison.add(p.record()))
            .table(table + "_poison")
            .build();
    consumer.createTableIfMissing();
    table = table + "_poison";
    server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer(CONSUMER, consumer, CONTACT)
            .insecureNoAuthentication()
            .build();

    MutationOutcome refused =
        attempt(
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("FirstName", "Paul", "Age", "fifteen"))
                .awaitConsumers(CONSUMER)
                .build());
    Record good = createAndAwait(Map.of("FirstName", "Alia", "Age", 4));

    // Not 200: the table does not hold the record the caller waited for.
    assertThat(refused).isInstanceOf(MutationOutcome.Failure.class);
    MutationError error = ((MutationOutcome.Failure) refused).error();
    assertThat(error.code()).contains(ErrorCode.RECORD_NOT_APPLIED);
    Record bad = error.records().get(0);
    assertThat(error.message())
        .contains(CONSUMER, SYNC + "/" + CONTACT + "/" + bad.upstreamId(), "'Age'")
        .doesNotContain("fifteen");
    assertThat(poison).containsExactly(bad);
    assertThat(row(bad.upstreamId())).isNull();
    assertThat(row(good.upstreamId())).isNotNull();
  }
}
