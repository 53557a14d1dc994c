package io.mutationapi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PausableConsumerTest {
  final InMemoryConsumer db = new InMemoryConsumer();
  final PausableConsumer consumer = PausableConsumer.wrap(db);

  static List<ChangeEvent> batch(String upstreamId) {
    Record record =
        Record.builder()
            .syncId("s")
            .collectionId("salesforce:contact")
            .upstreamId(upstreamId)
            .upstreamCreatedAt(Instant.EPOCH)
            .upstreamUpdatedAt(Instant.EPOCH)
            .updatedIdx(1)
            .data(Map.of())
            .build();
    return List.of(new ChangeEvent(new Position(0, 1), record));
  }

  @Test
  void process_passesBatchesOnAtOnce_whenNotPaused() {
    CompletionStage<Void> done = consumer.process(batch("a"));

    assertThat(done.toCompletableFuture()).isDone();
    assertThat(db.eventCount()).isEqualTo(1);
  }

  @Test
  void pause_holdsBatchesAndTheirStages_untilResumed() {
    consumer.pause();
    CompletableFuture<Void> first = consumer.process(batch("a")).toCompletableFuture();
    CompletableFuture<BatchResult> second = consumer.processBatch(batch("b")).toCompletableFuture();

    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(db.eventCount()).isZero();

    consumer.resume();

    assertThat(first).isDone();
    assertThat(second.join()).isEqualTo(BatchResult.allApplied());
    assertThat(db.eventCount()).isEqualTo(2);
  }

  @Test
  void wrapper_keepsItsDelegate() {
    assertThat(consumer.delegate()).isSameAs(db);
  }
}
