package io.mutationapi.faults;

import static io.mutationapi.faults.KafkaNodes.CONTACT;
import static io.mutationapi.faults.KafkaNodes.HTTP_CONSUMER;
import static io.mutationapi.faults.KafkaNodes.SYNC;
import static io.mutationapi.faults.KafkaNodes.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.client.MutationClient;
import io.mutationapi.client.MutationResponse;
import io.mutationapi.kafka.KafkaTestCluster;
import io.mutationapi.server.InMemoryIdempotencyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An HTTP consumer on a service of two nodes on one broker, as the README's "Many nodes on Kafka"
 * says: each node is a member of the consumer's group and serves the partitions Kafka gives it, a
 * worker pulling from a node acks through that node, and an ack token is valid only on the node
 * that issued it.
 */
class KafkaHttpConsumerNodesTest {
  private static final Pattern ACK_TOKEN = Pattern.compile("\"ack_token\":\"([^\"]+)\"");
  private static final Pattern UPSTREAM_ID = Pattern.compile("\"upstream_id\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void workersPullingFromBothNodes_ackEveryRecord_andATokenFromNodeAIsUnknownOnNodeB()
      throws Exception {
    try (KafkaNodes nodes =
        new KafkaNodes(
            KafkaTestCluster.shared(), "http-nodes", InMemoryIdempotencyStore.create())) {
      KafkaNodes.Node a = nodes.httpNode("node-a");
      KafkaNodes.Node b = nodes.httpNode("node-b");
      AtomicReference<HttpResponse<String>> crossNodeAck = new AtomicReference<>();
      Worker onA =
          new Worker(
              a,
              tokens -> {
                if (crossNodeAck.get() == null) {
                  crossNodeAck.set(ack(b, tokens)); // A's tokens, sent to B first.
                }
              });
      Worker onB = new Worker(b, tokens -> {});
      List<String> created = new ArrayList<>();
      try (onA;
          onB) {
        MutationClient toA = nodes.client(a);
        MutationClient toB = nodes.client(b);
        // Until both nodes have served some records (the group's first rebalance takes a moment),
        // and at least 16 records, one per partition on average: creates on either node, each
        // returning only once a worker acked it through the node that holds it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (int i = 0; i < 16 || onA.upstreamIds.isEmpty() || onB.upstreamIds.isEmpty(); i++) {
          assertThat(System.nanoTime()).as("both nodes served records").isLessThan(deadline);
          List<CompletableFuture<MutationResponse>> calls = new ArrayList<>();
          for (MutationClient client : List.of(toA, toB)) {
            calls.add(
                client
                    .mutations()
                    .create(SYNC, CONTACT)
                    .record(Map.of("LastName", "Worker-" + i))
                    .awaitConsumers(List.of(HTTP_CONSUMER), Duration.ofSeconds(20))
                    .withRawResponse()
                    .executeAsync());
          }
          for (CompletableFuture<MutationResponse> call : calls) {
            MutationResponse answer = call.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            created.add(answer.result().record().upstreamId());
          }
        }
      }

      Set<String> acked = ConcurrentHashMap.newKeySet();
      acked.addAll(onA.upstreamIds);
      acked.addAll(onB.upstreamIds);
      assertThat(acked).containsAll(created);
      assertThat(onA.upstreamIds).isNotEmpty();
      assertThat(onB.upstreamIds).isNotEmpty();
      assertThat(onA.ackStatuses).containsOnly(204);
      assertThat(onB.ackStatuses).containsOnly(204);
      HttpResponse<String> rejected = crossNodeAck.get();
      assertThat(rejected.statusCode()).isEqualTo(400);
      assertThat(rejected.body())
          .contains("unknown ack token")
          .contains("\"acked\":0")
          .contains("\"code\":\"validation_error\"");
    }
  }

  private static HttpRequest post(KafkaNodes.Node node, String path, String json) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/http-consumers/" + path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static HttpResponse<String> ack(KafkaNodes.Node node, List<String> tokens) {
    String body = "{\"ack_tokens\": [\"" + String.join("\", \"", tokens) + "\"]}";
    try {
      return http.send(
          post(node, HTTP_CONSUMER + "/ack", body), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Called with a pulled batch's tokens before the worker acks them on its own node. */
  private interface BeforeAck {
    void tokens(List<String> tokens);
  }

  /** A worker that long-polls one node and acks through that node, until closed. */
  private static final class Worker implements AutoCloseable {
    final Set<String> upstreamIds = ConcurrentHashMap.newKeySet();
    final List<Integer> ackStatuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    Worker(KafkaNodes.Node node, BeforeAck beforeAck) {
      thread =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    HttpResponse<String> batch =
                        http.send(
                            post(
                                node,
                                HTTP_CONSUMER + "/next",
                                "{\"batch_size\": 10, \"wait_for\": 300}"),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
                    List<String> tokens = all(ACK_TOKEN, batch.body());
                    if (!tokens.isEmpty()) {
                      beforeAck.tokens(tokens);
                      ackStatuses.add(ack(node, tokens).statusCode());
                      upstreamIds.addAll(all(UPSTREAM_ID, batch.body()));
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "http-worker-" + node.http().port());
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(failure.get()).isNull();
    }
  }
}
