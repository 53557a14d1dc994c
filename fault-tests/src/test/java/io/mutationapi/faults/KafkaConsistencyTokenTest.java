package io.mutationapi.faults;

import static io.mutationapi.faults.KafkaNodes.CONSUMER;
import static io.mutationapi.faults.KafkaNodes.CONTACT;
import static io.mutationapi.faults.KafkaNodes.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.client.ConsumersTimeoutException;
import io.mutationapi.client.MutationClient;
import io.mutationapi.client.MutationResponse;
import io.mutationapi.kafka.KafkaTestCluster;
import io.mutationapi.server.InMemoryIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consistency tokens across nodes of one service on a real broker ({@link KafkaNodes}, as {@code
 * KafkaMultiNodeTest}): positions are topic offsets and the nodes share one key, so a token issued
 * by node A is awaited on node B, for a consumer whose group members run in a worker.
 */
class KafkaConsistencyTokenTest {
  KafkaNodes nodes;

  @BeforeEach
  void world() throws Exception {
    nodes = new KafkaNodes(KafkaTestCluster.shared(), "tokens", InMemoryIdempotencyStore.create());
  }

  @AfterEach
  void closeNodes() throws Exception {
    nodes.close();
  }

  @Test
  void tokenFromNodeA_isAwaitedOnNodeB_andAnswersOnceTheWorkerCommitted() throws Exception {
    KafkaNodes.Node a = nodes.node("node-a");
    KafkaNodes.Node b = nodes.node("node-b");
    GatedConsumer mirror = GatedConsumer.closed();
    nodes.worker("worker-c", mirror);
    MutationClient toA = nodes.client(a);
    MutationClient toB = nodes.client(b);

    MutationResponse created =
        toA.mutations()
            .create(SYNC, CONTACT)
            .record(Map.of("LastName", "Atreides"))
            .withRawResponse()
            .execute();
    ConsistencyToken token = created.consistencyToken().orElseThrow();

    assertThatThrownBy(
            () -> toB.consumers().await(token, List.of(CONSUMER), Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            ConsumersTimeoutException.class,
            e -> assertThat(e.pendingConsumerIds()).containsExactly(CONSUMER));
    CompletableFuture<Void> onB =
        toB.consumers().awaitAsync(token, List.of(CONSUMER), Duration.ofSeconds(20));
    mirror.openGate();

    onB.get(30, TimeUnit.SECONDS);
    assertThat(mirror.upstreamIds()).contains(created.result().record().upstreamId());
    // Reached on B now: its answer needs no waiter.
    toB.consumers().await(token, List.of(CONSUMER), Duration.ofSeconds(20));
    assertThat(b.server().pendingAwaits()).isZero();
  }
}
