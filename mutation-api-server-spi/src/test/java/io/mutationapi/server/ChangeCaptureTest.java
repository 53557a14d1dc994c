package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ChangeQuery;
import io.mutationapi.server.spi.ChangeSource;
import io.mutationapi.server.spi.ChangeStream;
import io.mutationapi.server.spi.ConsumerProgress;
import io.mutationapi.server.spi.CursorStore;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Change capture in process: backfill, polling, healing, failures, health and shutdown. */
class ChangeCaptureTest {
  static final String SYNC = "my-sync";
  static final String CONTACT = "salesforce:contact";
  static final ChangeCapture FAST =
      ChangeCapture.defaults().withPageSize(200).withPollInterval(Duration.ofMillis(20));

  final InMemoryUpstream upstream = InMemoryUpstream.create();
  final InMemoryConsumer db = new InMemoryConsumer();
  final List<MutationServer> servers = new ArrayList<>();

  @AfterEach
  void close() {
    servers.forEach(MutationServer::close);
  }

  MutationServer.Builder builder() {
    return MutationServer.builder()
        .sync(SYNC, upstream, CONTACT)
        .consumer("db", db, CONTACT)
        .insecureNoAuthentication();
  }

  MutationServer start(MutationServer.Builder builder) {
    MutationServer server = builder.build();
    servers.add(server);
    return server;
  }

  static String id(int n) {
    return String.format("003T%014d", n);
  }

  @Test
  void backfill_thenOutsideEdits_reachTheConsumerAsTheUpstreamHoldsThem() {
    int count = 5_000;
    for (int i = 0; i < count; i++) {
      upstream.put(SYNC, CONTACT, id(i), Map.of("Name", "n" + i));
    }
    long started = System.nanoTime();
    MutationServer server = start(builder().changeCapture(SYNC, FAST));
    await(() -> db.records().size() == count && server.syncHealth().get(0).backfilled());
    long nanos = System.nanoTime() - started;
    System.out.printf(
        "ChangeCaptureTest: backfilled %d records in %d ms (%.0f records/s, pages of 200)%n",
        count, nanos / 1_000_000, count * 1e9 / nanos);

    upstream.put(SYNC, CONTACT, id(count), Map.of("Name", "new"));
    upstream.update(SYNC, CONTACT, id(1), Map.of("Name", "changed"));
    upstream.delete(SYNC, CONTACT, id(2));

    await(() -> db.get(SYNC, CONTACT, id(2)).isEmpty() && db.records().size() == count);
    await(
        () ->
            db.get(SYNC, CONTACT, id(1))
                .map(r -> r.data().get("Name"))
                .orElse("")
                .equals("changed"));
    assertThat(db.records())
        .hasSize(count)
        .allSatisfy(
            r ->
                assertThat(r).isEqualTo(upstream.get(SYNC, CONTACT, r.upstreamId()).orElseThrow()));
    SyncHealth health = server.syncHealth().get(0);
    assertThat(health.syncId()).isEqualTo(SYNC);
    assertThat(health.collectionId()).isEqualTo(CONTACT);
    assertThat(health.recordsPublished()).isEqualTo(count + 3);
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.lastSuccessfulPoll()).isPresent();
  }

  @Test
  void mutation_triggersAPollAtOnce_soAnOutsideEditArrivesWithoutWaitingTheInterval() {
    upstream.put(SYNC, CONTACT, id(1), Map.of("Name", "a"));
    MutationServer server =
        start(builder().changeCapture(SYNC, FAST.withPollInterval(Duration.ofHours(1))));
    await(() -> db.get(SYNC, CONTACT, id(1)).isPresent());

    upstream.update(SYNC, CONTACT, id(1), Map.of("Name", "outside"));
    run(server, MutationRequest.create(SYNC, CONTACT).record(Map.of("Name", "api")).build());

    await(
        () ->
            db.get(SYNC, CONTACT, id(1))
                .map(r -> r.data().get("Name"))
                .orElse("")
                .equals("outside"));
  }

  @Test
  void failedPublishAfterTheUpstreamWrite_isHealedByThePoll_andAnAwaitThenCompletes() {
    FailOnceStream stream = new FailOnceStream(InMemoryStream.builder().build());
    MutationServer server =
        start(
            builder().stream(stream)
                .changeCapture(SYNC, FAST.withPollInterval(Duration.ofMillis(50))));
    await(() -> server.syncHealth().get(0).backfilled());
    stream.failNext();

    MutationOutcome lost =
        run(server, MutationRequest.create(SYNC, CONTACT).record(Map.of("Name", "lost")).build());
    assertThat(lost).isInstanceOf(MutationOutcome.Failure.class);
    Record applied = upstream.changes(query()).toCompletableFuture().join().records().get(0);

    await(() -> db.get(SYNC, CONTACT, applied.upstreamId()).isPresent());
    MutationOutcome awaited =
        run(
            server,
            MutationRequest.update(SYNC, CONTACT)
                .record(applied.upstreamId(), Map.of("Name", "found"))
                .awaitConsumers("db")
                .build());
    assertThat(awaited).isInstanceOf(MutationOutcome.Success.class);
    assertThat(db.get(SYNC, CONTACT, applied.upstreamId()).orElseThrow().data())
        .containsEntry("Name", "found");
  }

  @Test
  void failingSource_backsOff_reportsItsError_andRecovers() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    ChangeSource flaky =
        query -> {
          calls.incrementAndGet();
          if (failuresLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(
                UpstreamException.failed("upstream down", new RuntimeException("boom")));
          }
          return upstream.changes(query);
        };
    upstream.put(SYNC, CONTACT, id(1), Map.of("Name", "a"));
    MutationServer server =
        start(
            builder()
                .changeCapture(
                    SYNC,
                    flaky,
                    FAST.withPollInterval(Duration.ofMillis(10))
                        .withMaxBackoff(Duration.ofMillis(40))));

    await(() -> server.syncHealth().get(0).consecutiveFailures() > 0);
    assertThat(server.syncHealth().get(0).lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("upstream down"));
    await(() -> db.get(SYNC, CONTACT, id(1)).isPresent());
    SyncHealth health = server.syncHealth().get(0);
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.lastError()).isPresent();
    assertThat(calls.get()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void failingCursorStore_failsThePoll_thenTheCursorIsSavedOnceItWorks() {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    InMemoryCursorStore saved = new InMemoryCursorStore();
    CursorStore flaky =
        new CursorStore() {
          @Override
          public java.util.Optional<String> load(String syncId, String collectionId) {
            return saved.load(syncId, collectionId);
          }

          @Override
          public void save(String syncId, String collectionId, String cursor) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("cursor store down");
            }
            saved.save(syncId, collectionId, cursor);
          }
        };
    upstream.put(SYNC, CONTACT, id(1), Map.of("Name", "a"));
    MutationServer server =
        start(
            builder()
                .cursorStore(flaky)
                .changeCapture(
                    SYNC,
                    FAST.withPollInterval(Duration.ofMillis(10))
                        .withMaxBackoff(Duration.ofMillis(20))));

    await(() -> saved.load(SYNC, CONTACT).isPresent());
    SyncHealth health = server.syncHealth().get(0);
    assertThat(health.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("cursor store down"));
    assertThat(db.get(SYNC, CONTACT, id(1))).isPresent();
  }

  @Test
  void polls_takePermitsFromTheSyncsRateLimit() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    ChangeSource counting =
        query -> {
          calls.incrementAndGet();
          return upstream.changes(query);
        };
    start(
        builder()
            .rateLimit(SYNC, RateLimit.of(10, 1))
            .changeCapture(SYNC, counting, FAST.withPollInterval(Duration.ofMillis(1))));
    Thread.sleep(500);
    // 1 at once, then 10 a second: about 6 in 500 ms, never the ~500 of a 1 ms interval.
    assertThat(calls.get()).isBetween(2, 9);
  }

  @Test
  void close_stopsPolling_andLeavesNoSyncThread() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    ChangeSource counting =
        query -> {
          calls.incrementAndGet();
          return upstream.changes(query);
        };
    MutationServer server =
        start(builder().changeCapture(SYNC, counting, FAST.withPollInterval(Duration.ofMillis(5))));
    await(() -> calls.get() > 3);
    server.close();
    int after = calls.get();
    Thread.sleep(50);
    assertThat(calls.get()).isEqualTo(after);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("mutation-sync") && t.isAlive());
  }

  @Test
  void build_whenUpstreamIsNoChangeSourceOrSyncUnknown_failsNamingIt() {
    assertThatThrownBy(() -> builder().changeCapture("nope", ChangeCapture.defaults()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                MutationServer.builder()
                    .sync(
                        SYNC,
                        (batch, context) -> CompletableFuture.completedFuture(List.of()),
                        CONTACT)
                    .insecureNoAuthentication()
                    .changeCapture(SYNC, ChangeCapture.defaults())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a ChangeSource");
  }

  static ChangeQuery query() {
    return new ChangeQuery(
        SYNC, CONTACT, java.util.Optional.empty(), 10, java.util.Optional.empty());
  }

  static MutationOutcome run(MutationServer server, MutationRequest request) {
    return server
        .service()
        .run(request, Principal.ANONYMOUS)
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A stream that fails the next publish when told to, as a crash after the upstream write. */
  static final class FailOnceStream implements ChangeStream {
    private final ChangeStream delegate;
    private volatile boolean failNext;

    FailOnceStream(ChangeStream delegate) {
      this.delegate = delegate;
    }

    void failNext() {
      failNext = true;
    }

    @Override
    public void start(List<Subscription> subscriptions, ConsumerProgress progress) {
      delegate.start(subscriptions, progress);
    }

    @Override
    public CompletionStage<List<Position>> publish(List<Record> records) {
      if (failNext) {
        failNext = false;
        return CompletableFuture.failedFuture(new IllegalStateException("crashed before publish"));
      }
      return delegate.publish(records);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
