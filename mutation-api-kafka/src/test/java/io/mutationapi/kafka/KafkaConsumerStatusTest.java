package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaChangeStream#status} of the consumers that run on the node (lag of the member's
 * partitions, failures, last error class) and the batch times they report to the server.
 */
class KafkaConsumerStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void consumersRunningHere_reportLagFailuresAndBatches_remoteOnesStayUnknown() throws Exception {
    KafkaConfig config = KafkaTestCluster.shared().config("consumer-status").build();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    Consumer slow = batch -> gate;
    FlakyConsumer flaky = new FlakyConsumer();
    RecordingProgress progress = new RecordingProgress();
    try (KafkaChangeStream stream = KafkaChangeStream.create(config)) {
      assertThat(stream.status("slow")).isEqualTo(ConsumerStatus.UNKNOWN);
      stream.start(
          List.of(
              new Subscription("slow", Set.of(CONTACT), slow),
              new Subscription("flaky", Set.of(CONTACT), flaky),
              new Subscription("remote", Set.of(CONTACT), RemoteConsumer.create())),
          progress);
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        records.add(record(CONTACT, "r" + i));
      }
      stream.publish(records).toCompletableFuture().get(20, TimeUnit.SECONDS);

      // Held up by its first batch, the slow consumer is behind by all 20 messages.
      await(stream, "slow", s -> s.lag().equals(OptionalLong.of(20)));
      // The flaky one fails again and again until it is fixed, then catches up and keeps its last
      // error.
      ConsumerStatus failing = await(stream, "flaky", s -> s.consecutiveFailures() >= 2);
      assertThat(failing.known()).isTrue();
      assertThat(failing.lastError()).contains(IllegalStateException.class.getName());
      assertThat(failing.lastErrorAt()).isPresent();
      flaky.fixed = true;
      ConsumerStatus recovered =
          await(
              stream,
              "flaky",
              s -> s.consecutiveFailures() == 0 && s.lag().equals(OptionalLong.of(0)));
      assertThat(recovered.lastError()).contains(IllegalStateException.class.getName());

      gate.complete(null);
      ConsumerStatus caughtUp = await(stream, "slow", s -> s.lag().equals(OptionalLong.of(0)));
      assertThat(caughtUp.consecutiveFailures()).isZero();
      assertThat(caughtUp.lastError()).isEmpty();

      assertThat(stream.status("remote")).isEqualTo(ConsumerStatus.UNKNOWN);
      assertThat(stream.status("nobody")).isEqualTo(ConsumerStatus.UNKNOWN);
      List<String> batches = progress.batches();
      assertThat(batches).anyMatch(b -> b.startsWith("flaky ") && b.endsWith(" failed"));
      assertThat(sum(batches, "flaky", "ok")).isEqualTo(20);
      assertThat(batches).noneMatch(b -> b.startsWith("remote "));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (sum(progress.batches(), "slow", "ok") < 20) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  private static int sum(List<String> batches, String consumer, String outcome) {
    return batches.stream()
        .filter(b -> b.startsWith(consumer + " ") && b.endsWith(" " + outcome))
        .mapToInt(b -> Integer.parseInt(b.split(" ")[1]))
        .sum();
  }

  private static ConsumerStatus await(
      KafkaChangeStream stream, String consumerId, Predicate<ConsumerStatus> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ConsumerStatus status = stream.status(consumerId);
    while (!condition.test(status)) {
      assertThat(System.nanoTime()).as("%s: %s", consumerId, status).isLessThan(deadline);
      Thread.sleep(20);
      status = stream.status(consumerId);
    }
    return status;
  }

  /** Fails every batch with an {@link IllegalStateException} until it is fixed. */
  private static final class FlakyConsumer implements Consumer {
    volatile boolean fixed;

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      if (!fixed) {
        return CompletableFuture.failedFuture(new IllegalStateException("record data here"));
      }
      return CompletableFuture.completedFuture(null);
    }
  }
}
