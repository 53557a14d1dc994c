package io.mutationapi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.server.ChangeCapture;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangePage;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change capture into a real table: the in-memory upstream as the change source, the in-memory
 * stream, a {@link JdbcTableConsumer} and a {@link JdbcCursorStore} on a real database.
 */
abstract class ChangeCaptureContract {
  static final String SYNC = "my-sync";
  static final String CONTACT = "salesforce:contact";
  static final String CONSUMER = "local-db";
  private static final AtomicInteger TABLES = new AtomicInteger();

  final InMemoryUpstream upstream = InMemoryUpstream.create();
  final List<MutationServer> servers = new ArrayList<>();
  String table;
  JdbcTableConsumer consumer;
  JdbcCursorStore cursors;

  abstract DataSource database();

  /** How many rounds the race runs: 1,000 by default. */
  int raceRounds() {
    return 1_000;
  }

  @BeforeEach
  void setUp() throws SQLException {
    int n = TABLES.incrementAndGet();
    table = "capture_contacts_" + n;
    consumer = JdbcTableConsumer.builder().dataSource(database()).table(table).build();
    consumer.createTableIfMissing();
    cursors = JdbcCursorStore.create(database(), "capture_cursors_" + n);
    cursors.createTableIfNotExists();
  }

  @AfterEach
  void tearDown() {
    servers.forEach(MutationServer::close);
  }

  MutationServer start(ChangeSource source, ChangeCapture settings) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .consumer(CONSUMER, consumer, CONTACT)
            .stream(
                InMemoryStream.builder()
                    .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                    .build())
            .changeCapture(SYNC, source, settings)
            .cursorStore(cursors)
            .insecureNoAuthentication()
            .build();
    servers.add(server);
    return server;
  }

  static String id(int n) {
    return String.format("003T%014d", n);
  }

  @Test
  void backfillInPages_thenOutsideEdits_everyRowEqualsTheUpstreamsFinalState() throws Exception {
    int count = 5_000;
    for (int i = 0; i < count; i++) {
      upstream.put(SYNC, CONTACT, id(i), Map.of("Name", "n" + i));
    }
    Counting source = new Counting(upstream);
    long started = System.nanoTime();
    MutationServer server =
        start(source, ChangeCapture.defaults().withPageSize(250).withPollInterval(ms(20)));
    await(() -> server.syncHealth().get(0).backfilled() && rows().size() == count);
    long nanos = System.nanoTime() - started;
    System.out.printf(
        "%s: backfilled %d records into the table in %d ms (%.0f records/s)%n",
        getClass().getSimpleName(), count, nanos / 1_000_000, count * 1e9 / nanos);
    assertThat(source.calls.get()).isGreaterThanOrEqualTo(count / 250);

    Random random = new Random(7);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int kind = random.nextInt(3);
      String target = id(random.nextInt(count));
      if (kind == 0) {
        upstream.put(SYNC, CONTACT, id(count + i), Map.of("Name", "new" + i));
        changed.add(id(count + i));
      } else if (kind == 1 && upstream.get(SYNC, CONTACT, target).isPresent()) {
        upstream.update(SYNC, CONTACT, target, Map.of("Name", "edit" + i));
        changed.add(target);
      } else if (upstream.get(SYNC, CONTACT, target).isPresent()) {
        upstream.delete(SYNC, CONTACT, target);
        changed.add(target);
      }
    }
    long lastIdx =
        upstream.changes(all()).toCompletableFuture().join().records().stream()
            .mapToLong(r -> r.updatedIdx().orElseThrow())
            .max()
            .orElseThrow();
    await(() -> rows().values().stream().mapToLong(Row::updatedIdx).max().orElse(0) >= lastIdx);

    Map<String, Row> rows = rows();
    ChangePage everything = upstream.changes(all()).toCompletableFuture().join();
    assertThat(everything.hasMore()).isFalse();
    assertThat(rows).hasSize(everything.records().size());
    for (Record expected : everything.records()) {
      Row row = rows.get(expected.upstreamId());
      assertThat(row).as(expected.upstreamId()).isNotNull();
      assertThat(row.deleted()).as(expected.upstreamId()).isEqualTo(expected.deleted());
      assertThat(row.updatedIdx()).isEqualTo(expected.updatedIdx().orElseThrow());
      assertThat(row.data()).isEqualTo(expected.data());
    }
    assertThat(changed).isNotEmpty();
  }

  @Test
  void mutationAndPollRacingOnOneRecord_theTableEndsWithTheNewestVersion() throws Exception {
    upstream.put(SYNC, CONTACT, id(1), Map.of("Name", "start"));
    MutationServer server =
        start(upstream, ChangeCapture.defaults().withPageSize(50).withPollInterval(ms(2)));
    Random random = new Random(42);
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < raceRounds(); round++) {
        int spinApi = random.nextInt(200);
        int spinOutside = random.nextInt(200);
        String api = "api" + round;
        String outside = "outside" + round;
        Future<?> a =
            racers.submit(
                () -> {
                  spin(spinApi);
                  run(
                      server,
                      MutationRequest.update(SYNC, CONTACT)
                          .record(id(1), Map.of("Api", api))
                          .build());
                });
        Future<?> b =
            racers.submit(
                () -> {
                  spin(spinOutside);
                  upstream.update(SYNC, CONTACT, id(1), Map.of("Outside", outside));
                });
        a.get(20, TimeUnit.SECONDS);
        b.get(20, TimeUnit.SECONDS);
        Record newest = upstream.get(SYNC, CONTACT, id(1)).orElseThrow();
        await(
            () -> {
              Row row = rows().get(id(1));
              return row != null && row.updatedIdx() == newest.updatedIdx().orElseThrow();
            });
        assertThat(rows().get(id(1)).data()).isEqualTo(newest.data());
      }
    } finally {
      racers.shutdownNow();
    }
  }

  @Test
  void restart_resumesFromTheStoredCursor_withoutReadingTheCollectionAgain() throws Exception {
    int count = 1_000;
    for (int i = 0; i < count; i++) {
      upstream.put(SYNC, CONTACT, id(i), Map.of("Name", "n" + i));
    }
    ChangeCapture settings =
        ChangeCapture.defaults().withPageSize(100).withPollInterval(Duration.ofHours(1));
    Counting first = new Counting(upstream);
    MutationServer server = start(first, settings);
    // The in-memory stream does not outlive its server: let the table take the backfill first.
    await(() -> server.syncHealth().get(0).backfilled() && rows().size() == count);
    server.close();
    assertThat(first.records.get()).isEqualTo(count);

    upstream.update(SYNC, CONTACT, id(3), Map.of("Name", "while down"));
    upstream.delete(SYNC, CONTACT, id(4));
    upstream.put(SYNC, CONTACT, id(count), Map.of("Name", "created while down"));

    Counting second = new Counting(upstream);
    MutationServer restarted = start(second, settings);
    await(() -> restarted.syncHealth().get(0).backfilled());
    await(
        () ->
            rows().size() == count + 1
                && rows().get(id(4)).deleted()
                && rows().get(id(3)).data().get("Name").equals("while down"));
    assertThat(second.records.get()).isEqualTo(3);
    assertThat(second.calls.get()).isEqualTo(1);
    assertThat(rows().get(id(3)).data()).containsEntry("Name", "while down");
    assertThat(rows().get(id(4)).deleted()).isTrue();
  }

  static ChangeQuery all() {
    return new ChangeQuery(
        SYNC, CONTACT, java.util.Optional.empty(), Integer.MAX_VALUE, java.util.Optional.empty());
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  static void spin(int n) {
    for (int i = 0; i < n; i++) {
      Thread.onSpinWait();
    }
  }

  static void run(MutationServer server, MutationRequest request) {
    MutationOutcome outcome =
        server
            .service()
            .run(request, Principal.ANONYMOUS)
            .toCompletableFuture()
            .orTimeout(20, TimeUnit.SECONDS)
            .join();
    assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
  }

  /** The row as an application reads it. */
  record Row(Map<String, Object> data, boolean deleted, long updatedIdx) {}

  Map<String, Row> rows() throws SQLException {
    Map<String, Row> rows = new HashMap<>();
    try (Connection c = database().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT upstream_id, data, deleted, updated_idx FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data =
            (Map<String, Object>)
                WireJson.readValue(rs.getString(2).getBytes(StandardCharsets.UTF_8));
        rows.put(rs.getString(1), new Row(data, rs.getBoolean(3), rs.getLong(4)));
      }
    }
    return rows;
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  static void await(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(2);
    }
  }

  /** A change source that counts the calls and records read of the one it wraps. */
  static final class Counting implements ChangeSource {
    final ChangeSource delegate;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger records = new AtomicInteger();

    Counting(ChangeSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<ChangePage> changes(ChangeQuery query) {
      calls.incrementAndGet();
      return delegate
          .changes(query)
          .thenApply(
              page -> {
                records.addAndGet(page.records().size());
                return page;
              });
    }
  }
}
