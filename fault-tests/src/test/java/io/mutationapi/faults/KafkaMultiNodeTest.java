package io.mutationapi.faults;

import static io.mutationapi.faults.KafkaNodes.CONSUMER;
import static io.mutationapi.faults.KafkaNodes.CONTACT;
import static io.mutationapi.faults.KafkaNodes.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.client.ConsumersTimeoutException;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.MutationResponse;
import io.mutationapi.client.MutationServiceException;
import io.mutationapi.jdbc.JdbcIdempotencyStore;
import io.mutationapi.kafka.KafkaConsumerRunner;
import io.mutationapi.kafka.KafkaTestCluster;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many server nodes on one real broker (issue 15): two nodes on Jetty, the consumer's group members
 * in workers on a third "node", the idempotency keys in one embedded PostgreSQL. Any node answers
 * an await for a consumer wherever it runs; a node lost mid-await costs the client nothing but a
 * retry with the same key on the other node; a worker that dies hands its partitions over.
 */
class KafkaMultiNodeTest {
  static final Duration AWAIT = Duration.ofSeconds(15);
  static KafkaTestCluster kafka;
  static EmbeddedPostgres postgres;
  static int tables;

  KafkaNodes nodes;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaTestCluster.shared();
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void world() throws Exception {
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(postgres.getPostgresDatabase())
            .table("kafka_keys_" + ++tables)
            .build();
    store.createTableIfNotExists();
    nodes = new KafkaNodes(kafka, "multi-node", store);
  }

  @AfterEach
  void closeNodes() throws Exception {
    nodes.close();
  }

  @Test
  void createOnEitherNode_awaitingAConsumerInAWorker_answers200OnceTheWorkerCommitted()
      throws Exception {
    KafkaNodes.Node a = nodes.node("node-a");
    KafkaNodes.Node b = nodes.node("node-b");
    GatedConsumer mirror = GatedConsumer.open();
    nodes.worker("worker-c", mirror);

    for (KafkaNodes.Node node : List.of(a, b)) {
      MutationResponse answer = create(nodes.client(node), UUID.randomUUID().toString());

      assertThat(answer.status()).isEqualTo(200);
      assertThat(mirror.upstreamIds()).contains(answer.result().record().upstreamId());
      assertThat(node.server().pendingAwaits()).isZero();
    }
  }

  @Test
  void nodeLostMidAwait_clientRetriesTheSameKeyOnTheOtherNode_andGetsTheOriginalOutcome()
      throws Exception {
    KafkaNodes.Node a = nodes.node("node-a");
    KafkaNodes.Node b = nodes.node("node-b");
    GatedConsumer mirror = GatedConsumer.closed();
    nodes.worker("worker-c", mirror);
    MutationClient toA = nodes.client(a).withOptions(o -> o.timeout(Duration.ofSeconds(5)));
    MutationClient toB = nodes.client(b);
    int creates = 6;
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<MutationResponse>> onA = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      keys.add(UUID.randomUUID().toString());
      onA.add(createAsync(toA, keys.get(i), i));
    }
    waitUntil(() -> a.server().pendingAwaits() == creates, "all creates waiting on node A");

    // Node A goes away: it takes no new request, and its clients give up on it (deadline).
    CompletableFuture<Void> aStopped = CompletableFuture.runAsync(a.server()::close);
    for (CompletableFuture<MutationResponse> call : onA) {
      assertThat(call).failsWithin(Duration.ofSeconds(15));
    }
    // The client retries every create, with its key, on node B: 409 in progress until A answers.
    List<CompletableFuture<MutationResponse>> onB = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      onB.add(createAsync(toB, keys.get(i), i));
    }
    mirror.openGate();

    Set<String> ids = new HashSet<>();
    for (CompletableFuture<MutationResponse> call : onB) {
      MutationResponse answer = call.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.isIdempotentReplayed()).isTrue();
      ids.add(answer.result().record().upstreamId());
    }
    aStopped.get(20, TimeUnit.SECONDS);
    assertThat(ids).hasSize(creates);
    assertThat(nodes.upstream.size(CONTACT)).isEqualTo(creates);
    for (String id : ids) {
      assertThat(nodes.upstream.get(SYNC, CONTACT, id)).isPresent();
    }
    Map<String, Integer> topic = nodes.topicKeys();
    assertThat(topic).hasSize(creates).allSatisfy((key, count) -> assertThat(count).isOne());
    assertThat(new HashSet<>(mirror.upstreamIds())).isEqualTo(ids);
  }

  @Test
  void nodeStoppedWithoutGrace_retryOnTheOtherNodeReplaysItsAnswer_andNothingIsAppliedTwice()
      throws Exception {
    KafkaNodes.Node a = nodes.node("node-a", Duration.ZERO);
    KafkaNodes.Node b = nodes.node("node-b");
    GatedConsumer mirror = GatedConsumer.closed();
    nodes.worker("worker-c", mirror);
    MutationClient toA = nodes.client(a).withOptions(o -> o.maxRetries(0));
    MutationClient toB = nodes.client(b).withOptions(o -> o.maxRetries(2));
    String key = UUID.randomUUID().toString();
    CompletableFuture<MutationResponse> onA = createAsync(toA, key, 0);
    waitUntil(() -> a.server().pendingAwaits() == 1, "the create waiting on node A");

    // No grace: the waiting request is answered 503 "shutting down", and that answer is stored
    // under its key with the applied record. A retry anywhere replays it: the record is not
    // created again, and the caller learns which record was applied, but not whether the
    // consumer got it (it does, once it runs).
    a.server().close();
    assertThat(onA).failsWithin(Duration.ofSeconds(10));
    mirror.openGate();
    CompletableFuture<MutationResponse> onB = createAsync(toB, key, 0);

    assertThat(onB)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            MutationServiceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.error().records()).hasSize(1);
            });
    assertThat(nodes.upstream.size(CONTACT)).isOne();
    assertThat(nodes.topicKeys()).hasSize(1).allSatisfy((k, count) -> assertThat(count).isOne());
    waitUntil(() -> mirror.upstreamIds().size() == 1, "the worker processed the record");
  }

  @Test
  void workerDiesWithAwaitsPending_itsPartitionsMove_everyAwaitCompletes_noneHangs()
      throws Exception {
    KafkaNodes.Node a = nodes.node("node-a");
    KafkaNodes.Node b = nodes.node("node-b");
    GatedConsumer hung = GatedConsumer.closed();
    KafkaConsumerRunner dying = nodes.worker("worker-c1", hung);
    MutationClient toA = nodes.client(a);
    MutationClient toB = nodes.client(b);
    int creates = 8;
    List<CompletableFuture<MutationResponse>> calls = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      calls.add(createAsync(i % 2 == 0 ? toA : toB, UUID.randomUUID().toString(), i));
    }
    waitUntil(
        () -> a.server().pendingAwaits() + b.server().pendingAwaits() == creates,
        "all creates waiting");

    // A second member joins (a rebalance while awaits are pending), then the first one dies
    // with its batches unfinished: the survivor reads them again and commits them.
    GatedConsumer survivor = GatedConsumer.open();
    KafkaConsumerRunner second = nodes.worker("worker-c2", survivor);
    dying.close();

    Set<String> ids = new HashSet<>();
    for (CompletableFuture<MutationResponse> call : calls) {
      MutationResponse answer = call.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      ids.add(answer.result().record().upstreamId());
    }
    assertThat(new HashSet<>(survivor.upstreamIds())).containsAll(ids);
    assertThat(hung.upstreamIds()).isEmpty();

    // With no member left, an await times out naming the consumer; a restarted worker catches up.
    second.close();
    assertThatThrownBy(
            () ->
                toA.mutations()
                    .create(SYNC, CONTACT)
                    .record(Map.of("LastName", "Nobody"))
                    .awaitConsumers(List.of(CONSUMER), Duration.ofSeconds(1))
                    .execute())
        .isInstanceOfSatisfying(
            ConsumersTimeoutException.class,
            e -> assertThat(e.pendingConsumerIds()).containsExactly(CONSUMER));
    GatedConsumer restarted = GatedConsumer.open();
    nodes.worker("worker-c3", restarted);
    MutationResponse after = create(toB, UUID.randomUUID().toString());
    assertThat(after.status()).isEqualTo(200);
    assertThat(restarted.upstreamIds()).contains(after.result().record().upstreamId());
    assertThat(a.server().pendingAwaits() + b.server().pendingAwaits()).isZero();
  }

  static MutationResponse create(MutationClient client, String key) {
    return createAsync(client, key, 0).join();
  }

  static CompletableFuture<MutationResponse> createAsync(MutationClient client, String key, int n) {
    return client
        .mutations()
        .create(SYNC, CONTACT)
        .record(Map.of("LastName", "Atreides-" + n))
        .awaitConsumers(List.of(CONSUMER), AWAIT)
        .idempotencyKey(key)
        .withRawResponse()
        .executeAsync();
  }

  static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
