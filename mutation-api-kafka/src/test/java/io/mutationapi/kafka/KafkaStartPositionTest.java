package io.mutationapi.kafka;

import static io.mutationapi.kafka.KafkaChangeStreamTest.CONTACT;
import static io.mutationapi.kafka.KafkaChangeStreamTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.spi.Subscription;
import io.mutationapi.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where a consumer with no committed offset starts: {@link Subscription.Start#EARLIEST} reads every
 * retained change, {@link Subscription.Start#LATEST} only those published after it started.
 */
class KafkaStartPositionTest {

  @Test
  void aNewLatestConsumer_skipsWhatWasPublishedBefore_anEarliestOneReadsIt() throws Exception {
    KafkaConfig config = KafkaTestCluster.shared().config("start-position").build();
    List<Record> old = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      old.add(record(CONTACT, "old" + i));
    }
    RecordingProgress writerProgress = new RecordingProgress();
    try (KafkaChangeStream writer = KafkaChangeStream.create(config)) {
      writer.start(
          List.of(new Subscription("writer", Set.of(CONTACT), new RecordingConsumer())),
          writerProgress);
      for (Position position :
          writer.publish(old).toCompletableFuture().get(20, TimeUnit.SECONDS)) {
        assertThat(writerProgress.awaitPast("writer", position, Duration.ofSeconds(20))).isTrue();
      }
    }

    RecordingConsumer all = new RecordingConsumer();
    RecordingConsumer fresh = new RecordingConsumer();
    try (KafkaChangeStream node = KafkaChangeStream.create(config)) {
      node.start(
          List.of(
              new Subscription("all-reader", Set.of(CONTACT), all, Subscription.Start.EARLIEST),
              new Subscription("new-reader", Set.of(CONTACT), fresh, Subscription.Start.LATEST)),
          new RecordingProgress());
      // Until the new group has its position, a publish may land before it: publish until one
      // lands.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; fresh.records().isEmpty(); i++) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        node.publish(List.of(record(CONTACT, "new" + i)))
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
        Thread.sleep(200);
      }
      while (all.records().size() < old.size()) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    assertThat(fresh.records()).extracting(Record::upstreamId).allMatch(id -> id.startsWith("new"));
    assertThat(all.records())
        .extracting(Record::upstreamId)
        .containsAll(old.stream().map(Record::upstreamId).toList());
  }
}
