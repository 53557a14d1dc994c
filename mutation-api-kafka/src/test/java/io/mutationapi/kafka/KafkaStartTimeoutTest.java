package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.server.spi.Subscription;
import io.mutationapi.testing.RecordingConsumer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where no broker listens, starting fails within {@link KafkaConfig#startTimeout()} (not Kafka's
 * own 60 s API timeout) and leaves no client behind.
 */
class KafkaStartTimeoutTest {
  static final Duration START_TIMEOUT = Duration.ofSeconds(2);
  static final Duration BOUND = Duration.ofSeconds(5);
  static String nobody;

  @BeforeAll
  static void findAPortWhereNothingListens() throws Exception {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = "127.0.0.1:" + free.getLocalPort();
    }
  }

  static KafkaConfig config(String nodeId) {
    return KafkaConfig.builder(nobody).nodeId(nodeId).startTimeout(START_TIMEOUT).build();
  }

  @Test
  void streamStart_whenNoBrokerListens_failsWithinTheStartTimeout_andLeavesNoClientBehind()
      throws Exception {
    KafkaChangeStream stream = KafkaChangeStream.create(config("node-nobody"));
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                stream.start(
                    List.of(new Subscription("c", Set.of("s:c"), new RecordingConsumer())),
                    new RecordingProgress()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(nobody);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertNoKafkaThreadOf("node-nobody");
  }

  @Test
  void runnerStart_whenNoBrokerListens_failsWithinTheStartTimeout_andLeavesNoClientBehind()
      throws Exception {
    KafkaConsumerRunner runner =
        KafkaConsumerRunner.builder(config("worker-nobody"))
            .consumer("c", new RecordingConsumer(), "s:c")
            .build();
    long start = System.nanoTime();

    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(nobody);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertNoKafkaThreadOf("worker-nobody");
    runner.close();
  }

  /** Kafka's client threads and ours carry the node id; they end within a moment. */
  private static void assertNoKafkaThreadOf(String nodeId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (!kafkaThreadsOf(nodeId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(kafkaThreadsOf(nodeId)).isEmpty();
  }

  private static List<String> kafkaThreadsOf(String nodeId) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.contains("kafka") && name.contains(nodeId))
        .toList();
  }
}
