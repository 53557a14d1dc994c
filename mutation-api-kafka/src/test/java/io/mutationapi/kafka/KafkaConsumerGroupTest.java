package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.SYNC;
import static io.mutationapi.kafka.KafkaChangeStreamTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups on a real broker: retries that hold up only their partition, members that stop in
 * the middle of a batch, members that join while requests wait.
 */
class KafkaConsumerGroupTest {
  static KafkaTestCluster kafka;

  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.shared();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void failingBatch_isRetriedWithBackoff_whileOtherPartitionsGoOn() throws Exception {
    StuckConsumer consumer = new StuckConsumer();
    RecordingProgress progress = new RecordingProgress();
    KafkaChangeStream stream = KafkaChangeStream.create(kafka.config("retry").build());
    toClose.add(stream);
    stream.start(List.of(new Subscription("c", Set.of(CONTACT), consumer)), progress);

    Position stuck = publish(stream, record(CONTACT, "stuck")).get(0);
    List<Record> others = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      others.add(record(CONTACT, "other-" + i));
    }
    List<Position> positions = publish(stream, others.toArray(Record[]::new));

    int elsewhere = 0;
    for (Position position : positions) {
      if (position.partition() != stuck.partition()) {
        elsewhere++;
        assertThat(progress.awaitPast("c", position, Duration.ofSeconds(20)))
            .as("partition %s is not held up by partition %s", position, stuck.partition())
            .isTrue();
      }
    }
    assertThat(elsewhere).isPositive();
    consumer.awaitAttempts(3);
    assertThat(progress.isPast("c", stuck)).isFalse();

    consumer.release();

    assertThat(progress.awaitPast("c", stuck, Duration.ofSeconds(20))).isTrue();
    for (Position position : positions) {
      assertThat(progress.awaitPast("c", position, Duration.ofSeconds(20))).isTrue();
    }
    assertThat(consumer.applied()).containsAll(names(others)).contains("stuck");
  }

  @Test
  void awaitOnAConsumerWithNoMemberRunning_timesOutNamingTheConsumer() {
    MutationServer server = server(kafka.config("nobody").build());

    MutationOutcome outcome = run(server, create("mirror", Duration.ofMillis(500)));

    MutationError error = ((MutationOutcome.Failure) outcome).error();
    assertThat(error.code()).contains(ErrorCode.CONSUMERS_TIMEOUT);
    assertThat(error.pendingConsumerIds()).containsExactly("mirror");
    assertThat(error.records()).hasSize(1);
  }

  @Test
  void memberThatStopsInTheMiddleOfBatches_leavesThemToTheNextMember_andEveryAwaitCompletes()
      throws Exception {
    KafkaConfig config = kafka.config("crash").build();
    MutationServer server = server(config);
    HeldConsumer held = new HeldConsumer();
    KafkaConsumerRunner first = worker(config, held);
    List<CompletableFuture<MutationOutcome>> awaits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      awaits.add(runAsync(server, create("mirror", Duration.ofSeconds(30))));
    }
    held.awaitEvents(1);

    first.close();
    RecordingConsumer next = new RecordingConsumer();
    worker(config, next);

    Set<String> created = new HashSet<>();
    for (CompletableFuture<MutationOutcome> await : awaits) {
      MutationOutcome outcome = await.get(40, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
      created.add(((MutationOutcome.Success) outcome).result().record().upstreamId());
    }
    assertThat(upstreamIds(next.records())).containsAll(created);
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void memberThatJoinsWhileRequestsWait_sharesThePartitions_andEveryAwaitCompletes()
      throws Exception {
    KafkaConfig config = kafka.config("rebalance").build();
    MutationServer server = server(config);
    SlowConsumer one = new SlowConsumer();
    SlowConsumer two = new SlowConsumer();
    worker(config, one);
    List<CompletableFuture<MutationOutcome>> awaits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      awaits.add(runAsync(server, create("mirror", Duration.ofSeconds(30))));
    }
    one.awaitBatches(1);

    worker(config, two);
    for (int i = 0; i < 20; i++) {
      awaits.add(runAsync(server, create("mirror", Duration.ofSeconds(30))));
    }

    Set<String> created = new HashSet<>();
    for (CompletableFuture<MutationOutcome> await : awaits) {
      MutationOutcome outcome = await.get(40, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
      created.add(((MutationOutcome.Success) outcome).result().record().upstreamId());
    }
    Set<String> processed = new HashSet<>(one.upstreamIds);
    processed.addAll(two.upstreamIds);
    assertThat(processed).containsAll(created);
    assertThat(server.pendingAwaits()).isZero();
  }

  @Test
  void twoNodesRunningTheSameConsumer_shareItsPartitions_andAnswerAwaitsOnEither()
      throws Exception {
    KafkaConfig.Builder config = kafka.config("two-nodes");
    SlowConsumer onA = new SlowConsumer();
    SlowConsumer onB = new SlowConsumer();
    MutationServer a = nodeRunning(config.nodeId("node-a").build(), onA);
    MutationServer b = nodeRunning(config.nodeId("node-b").build(), onB);

    // Until the group has settled with both members, and each has processed something.
    for (int i = 0; i < 100 && (onA.upstreamIds.isEmpty() || onB.upstreamIds.isEmpty()); i++) {
      MutationOutcome outcome =
          runAsync(i % 2 == 0 ? a : b, create("mirror", Duration.ofSeconds(30)))
              .get(40, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(MutationOutcome.Success.class);
    }

    assertThat(onA.upstreamIds).as("node A processed some").isNotEmpty();
    assertThat(onB.upstreamIds).as("node B processed some").isNotEmpty();
  }

  private MutationServer nodeRunning(KafkaConfig config, Consumer consumer) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("mirror", consumer, CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build();
    toClose.add(server);
    return server;
  }

  private MutationServer server(KafkaConfig config) {
    MutationServer server =
        MutationServer.builder()
            .sync(SYNC, InMemoryUpstream.create(), CONTACT)
            .consumer("mirror", RemoteConsumer.create(), CONTACT)
            .stream(KafkaChangeStream.create(config))
            .insecureNoAuthentication()
            .build();
    toClose.add(server);
    return server;
  }

  private KafkaConsumerRunner worker(KafkaConfig config, Consumer consumer) {
    KafkaConsumerRunner worker =
        KafkaConsumerRunner.builder(config).consumer("mirror", consumer, CONTACT).build();
    toClose.add(worker);
    worker.start();
    return worker;
  }

  private static MutationRequest create(String consumerId, Duration timeout) {
    return MutationRequest.create(SYNC, CONTACT)
        .record(Map.of("Name", "Paul"))
        .awaitConsumers(List.of(consumerId), timeout)
        .build();
  }

  private static MutationOutcome run(MutationServer server, MutationRequest request) {
    return runAsync(server, request).orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static CompletableFuture<MutationOutcome> runAsync(
      MutationServer server, MutationRequest request) {
    return server.service().run(request, Principal.ANONYMOUS).toCompletableFuture();
  }

  private static List<Position> publish(KafkaChangeStream stream, Record... records)
      throws Exception {
    return stream.publish(List.of(records)).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static List<String> names(List<Record> records) {
    return records.stream().map(r -> (String) r.data().get("Name")).toList();
  }

  private static Set<String> upstreamIds(List<Record> records) {
    Set<String> ids = new HashSet<>();
    records.forEach(r -> ids.add(r.upstreamId()));
    return ids;
  }

  /** Fails every batch that holds the record named "stuck" until released. */
  static final class StuckConsumer implements Consumer {
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean stuck = true;

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      boolean hasStuck =
          batch.stream().anyMatch(e -> "stuck".equals(e.record().data().get("Name")));
      if (hasStuck && stuck) {
        synchronized (this) {
          attempts.incrementAndGet();
          notifyAll();
        }
        return CompletableFuture.failedFuture(new IllegalStateException("stuck"));
      }
      batch.forEach(e -> applied.add((String) e.record().data().get("Name")));
      return CompletableFuture.completedFuture(null);
    }

    synchronized void awaitAttempts(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (attempts.get() < n && System.nanoTime() < deadline) {
        wait(100);
      }
      assertThat(attempts.get()).isGreaterThanOrEqualTo(n);
    }

    void release() {
      stuck = false;
    }

    Set<String> applied() {
      return applied;
    }
  }

  /** Takes every batch and never finishes one: a member that dies in the middle of its work. */
  static final class HeldConsumer implements Consumer {
    private int events;

    @Override
    public synchronized CompletionStage<Void> process(List<ChangeEvent> batch) {
      events += batch.size();
      notifyAll();
      return new CompletableFuture<>();
    }

    synchronized void awaitEvents(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (events < n && System.nanoTime() < deadline) {
        wait(100);
      }
      assertThat(events).isGreaterThanOrEqualTo(n);
    }
  }

  /** Takes 50 ms a batch, so that requests are still waiting when a member joins. */
  static final class SlowConsumer implements Consumer {
    final Set<String> upstreamIds = ConcurrentHashMap.newKeySet();
    private int batches;

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      batch.forEach(e -> upstreamIds.add(e.record().upstreamId()));
      synchronized (this) {
        batches++;
        notifyAll();
      }
      return CompletableFuture.runAsync(
          () -> {}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    synchronized void awaitBatches(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (batches < n && System.nanoTime() < deadline) {
        wait(100);
      }
      assertThat(batches).isGreaterThanOrEqualTo(n);
    }
  }
}
