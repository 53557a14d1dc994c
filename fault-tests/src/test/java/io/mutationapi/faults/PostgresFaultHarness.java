package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.jdbc.ColumnType;
import io.mutationapi.jdbc.JdbcIdempotencyStore;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.jdbc.PoisonRecordException;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The world of one PostgreSQL fault scenario: an embedded PostgreSQL (shared by the class, and
 * restartable on the same data directory and port), a table consumer, an in-memory upstream and
 * stream, a server; requests that check every 200 against the table at once; and the tally that
 * compares the table with the upstream.
 */
abstract class PostgresFaultHarness {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";
  static final String CONSUMER = "local-db";
  static final AtomicInteger TABLES = new AtomicInteger();

  static Path dataDir;
  static int port;
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    dataDir = Files.createTempDirectory("pg-faults");
    postgres = start(0);
    port = postgres.getPort();
  }

  static EmbeddedPostgres start(int onPort) throws IOException {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
    if (onPort != 0) {
      b.setPort(onPort);
    }
    return b.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  DataSource db() {
    return postgres.getPostgresDatabase();
  }

  // ---- one scenario's world ------------------------------------------------------------------

  String table;
  InMemoryUpstream upstream;
  InMemoryStream stream;
  JdbcTableConsumer consumer;
  MutationServer server;
  final Map<String, Record> known = new ConcurrentHashMap<>();
  final List<PoisonRecordException> handled = new ArrayList<>();
  final AtomicInteger awaitsAnswered = new AtomicInteger();
  final AtomicInteger awaitsWrong = new AtomicInteger();

  void world(UnaryOperator<JdbcTableConsumer.Builder> config, String... ddl) throws SQLException {
    world(config, null, ddl);
  }

  void world(
      UnaryOperator<JdbcTableConsumer.Builder> config, JdbcIdempotencyStore store, String... ddl)
      throws SQLException {
    table = "faults_" + TABLES.incrementAndGet();
    consumer =
        config
            .apply(
                JdbcTableConsumer.builder()
                    .dataSource(db())
                    .table(table)
                    .project("Email", "email", ColumnType.TEXT)
                    .project("Amount", "amount", ColumnType.BIGINT))
            .build();
    consumer.createTableIfMissing();
    for (String sql : ddl) {
      execute(sql.replace("$T", table));
    }
    upstream = InMemoryUpstream.create();
    stream =
        InMemoryStream.builder()
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .build();
    MutationServer.Builder b =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer(CONSUMER, consumer, CONTACT)
            .stream(stream)
            .bearerToken("token", Principal.of("app", SYNC));
    if (store != null) {
      b.idempotencyStore(store);
    }
    server = b.build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = db().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs a request; counts the await, and checks a 200 against the table at once. */
  MutationOutcome run(MutationRequest request) {
    MutationOutcome outcome =
        server
            .service()
            .run(request, Principal.of("app", SYNC))
            .toCompletableFuture()
            .orTimeout(60, TimeUnit.SECONDS)
            .join();
    List<Record> records =
        outcome instanceof MutationOutcome.Success
            ? ((MutationOutcome.Success) outcome).result().records()
            : ((MutationOutcome.Failure) outcome).error().records();
    for (Record r : records) {
      known.put(r.upstreamId(), r);
    }
    if (request.awaitConsumers().isPresent()) {
      awaitsAnswered.incrementAndGet();
      if (outcome instanceof MutationOutcome.Success && !tableHolds(records)) {
        awaitsWrong.incrementAndGet();
      }
    }
    return outcome;
  }

  MutationRequest create(Map<String, ?> data) {
    return MutationRequest.create(SYNC, CONTACT)
        .record(data)
        .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(20))
        .build();
  }

  static MutationError error(MutationOutcome outcome) {
    assertThat(outcome).isInstanceOf(MutationOutcome.Failure.class);
    return ((MutationOutcome.Failure) outcome).error();
  }

  boolean tableHolds(List<Record> records) {
    Map<String, Row> rows = rows();
    for (Record r : records) {
      Row row = rows.get(r.upstreamId());
      if (row == null || row.updatedIdx < r.updatedIdx().getAsLong()) {
        return false;
      }
    }
    return true;
  }

  record Row(Map<String, Object> data, long updatedIdx, boolean deleted) {}

  /** The table's rows; while the database is down (a restart), tries again for up to 30 s. */
  Map<String, Row> rows() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return rowsNow();
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Row> rowsNow() {
    Map<String, Row> rows = new HashMap<>();
    try (Connection c = db().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT upstream_id, data::text, updated_idx, deleted FROM " + table)) {
      while (rs.next()) {
        rows.put(
            rs.getString(1),
            new Row(
                (Map<String, Object>)
                    WireCodec.standard()
                        .readValue(rs.getString(2).getBytes(StandardCharsets.UTF_8)),
                rs.getLong(3),
                rs.getBoolean(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  Set<String> deadLettered() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = db().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT upstream_id FROM " + table + "_dead_letter")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** Compares the table with the upstream, prints the tally, and returns the mismatches. */
  int tally(String scenario) throws SQLException {
    Map<String, Row> rows = rows();
    Set<String> given = deadLettered();
    synchronized (handled) {
      for (PoisonRecordException p : handled) {
        given.add(p.record().upstreamId());
      }
    }
    int mismatches = 0;
    for (String id : known.keySet()) {
      Record truth = upstream.get(SYNC, CONTACT, id).orElseThrow();
      Row row = rows.get(id);
      boolean same =
          row != null
              && row.updatedIdx == truth.updatedIdx().getAsLong()
              && row.deleted == truth.deleted()
              && row.data.equals(truth.data());
      if (!same && !given.contains(id)) {
        mismatches++;
      }
    }
    if (rows.size() != upstream.size(CONTACT) - given.size()) {
      mismatches += Math.abs(upstream.size(CONTACT) - given.size() - rows.size());
    }
    System.out.printf(
        "[fault-suite] TALLY postgres %s: records %d, mismatches %d, awaits answered %d, awaits"
            + " wrong %d, given up %d (dead letters %d), consumer health %s%n",
        scenario,
        upstream.size(CONTACT),
        mismatches,
        awaitsAnswered.get(),
        awaitsWrong.get(),
        given.size(),
        deadLettered().size(),
        consumer.health());
    return mismatches;
  }

  /** Waits until the stream has delivered everything it holds. */
  void settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stream.retainedEvents() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(stream.retainedEvents()).as("events still retained").isZero();
  }

  /** Two records with emails, in different partitions of the stream. */
  List<Record> twoInDifferentPartitions() {
    List<Record> made = new ArrayList<>();
    for (int i = 0; made.size() < 2; i++) {
      Record r =
          ((MutationOutcome.Success) run(create(Map.of("Email", "p" + i + "@x.org"))))
              .result()
              .records()
              .get(0);
      if (made.isEmpty() || stream.partitionOf(made.get(0)) != stream.partitionOf(r)) {
        made.add(r);
      }
    }
    return made;
  }

  /** Holds a row lock on {@code id} from another session until the returned latch is released. */
  CountDownLatch lockRow(String id, CountDownLatch locked) {
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Connection c = db().getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                  s.execute(
                      "SELECT * FROM " + table + " WHERE upstream_id = '" + id + "' FOR UPDATE");
                  locked.countDown();
                  release.await(30, TimeUnit.SECONDS);
                }
                c.rollback();
              } catch (SQLException | InterruptedException e) {
                locked.countDown();
              }
            },
            "row-lock-holder");
    holder.setDaemon(true);
    holder.start();
    return release;
  }

  HandlerResponse send(String key, int i) throws Exception {
    String body =
        "{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"LastName\":\"K"
            + i
            + "\"}}],\"await_consumer_ids\":[\""
            + CONSUMER
            + "\"],\"await_consumers_timeout\":20000}";
    HandlerResponse response =
        server
            .httpHandler()
            .handle(
                new HandlerRequest(
                    "POST",
                    "/v1/mutations/run",
                    Map.of(
                        "Authorization", List.of("Bearer token"),
                        "Content-Type", List.of("application/json"),
                        "Idempotency-Key", List.of(key)),
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    if (response.status() == 200 || response.status() == 500) {
      List<Record> records =
          response.status() == 200
              ? WireCodec.standard().readResult(response.body()).records()
              : WireCodec.standard().readError(500, response.body()).records();
      for (Record r : records) {
        known.put(r.upstreamId(), r);
      }
      if (response.status() == 200) {
        awaitsAnswered.incrementAndGet();
        if (!tableHolds(records)) {
          awaitsWrong.incrementAndGet();
        }
      }
    }
    return response;
  }
}
