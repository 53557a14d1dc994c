package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryStreamTest {
  static final String CONTACT = "salesforce:contact";
  static final String TASK = "salesforce:task";

  /**
   * Records the events it is given, in the order received; throws while {@link #down}; after {@link
   * #hold()}, neither records a batch nor completes its stage until {@link #release()}.
   */
  static final class FakeConsumer implements Consumer {
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      calls.incrementAndGet();
      if (down) {
        throw new IllegalStateException("consumer is down");
      }
      return gate.thenRun(() -> events.addAll(batch));
    }

    void hold() {
      gate = new CompletableFuture<>();
    }

    void release() {
      gate.complete(null);
    }

    List<Record> records() {
      List<Record> records = new ArrayList<>();
      for (ChangeEvent event : events) {
        records.add(event.record());
      }
      return records;
    }
  }

  final AwaitRegistry registry = new AwaitRegistry();
  InMemoryStream stream;
  long idx;

  Record record(String collection, String id) {
    return Record.builder()
        .syncId("s")
        .collectionId(collection)
        .upstreamId(id)
        .upstreamUpdatedAt(Instant.now())
        .updatedIdx(++idx)
        .data(Map.of("v", idx))
        .build();
  }

  InMemoryStream start(InMemoryStream.Builder builder, Subscription... subscriptions) {
    stream = builder.retryBackoff(Duration.ofMillis(5), Duration.ofMillis(40)).build();
    stream.start(List.of(subscriptions), registry::advance);
    return stream;
  }

  List<Position> publish(Record... records) {
    return stream.publish(List.of(records)).toCompletableFuture().join();
  }

  AwaitOutcome await(List<String> consumers, List<Position> positions) {
    return registry
        .await(consumers, positions, Duration.ofSeconds(10))
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  @AfterEach
  void close() {
    if (stream != null) {
      stream.close();
    }
    registry.close();
  }

  @Test
  void versionsOfOneRecord_landInOnePartition_andArriveInOrder() {
    FakeConsumer consumer = new FakeConsumer();
    start(InMemoryStream.builder().partitions(8), new Subscription("c", Set.of(CONTACT), consumer));
    List<Position> positions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      positions.addAll(publish(record(CONTACT, "a"), record(CONTACT, "b" + i)));
    }

    assertThat(await(List.of("c"), positions).isComplete()).isTrue();

    List<Long> versionsOfA = new ArrayList<>();
    for (ChangeEvent event : consumer.events) {
      if (event.record().upstreamId().equals("a")) {
        versionsOfA.add(event.record().updatedIdx().getAsLong());
        assertThat(event.position().partition()).isEqualTo(positions.get(0).partition());
      }
    }
    assertThat(versionsOfA).hasSize(50).isSorted();
  }

  @Test
  void consumerSeesOnlyItsCollections_andItsProgressPassesTheEventsItSkips() {
    FakeConsumer tasksOnly = new FakeConsumer();
    start(
        InMemoryStream.builder().partitions(1), new Subscription("tasks", Set.of(TASK), tasksOnly));

    List<Position> contacts = publish(record(CONTACT, "c1"), record(CONTACT, "c2"));
    List<Position> task = publish(record(TASK, "t1"));

    assertThat(await(List.of("tasks"), task).isComplete()).isTrue();
    assertThat(registry.watermark("tasks", 0)).isGreaterThan(contacts.get(1).offset());
    assertThat(tasksOnly.records()).extracting(Record::upstreamId).containsExactly("t1");
  }

  @Test
  void failingConsumer_isRetried_withoutHoldingUpTheOthers() {
    FakeConsumer failing = new FakeConsumer();
    failing.down = true;
    FakeConsumer healthy = new FakeConsumer();
    start(
        InMemoryStream.builder(),
        new Subscription("failing", Set.of(CONTACT), failing),
        new Subscription("healthy", Set.of(CONTACT), healthy));

    List<Position> positions = publish(record(CONTACT, "a"), record(CONTACT, "b"));

    assertThat(await(List.of("healthy"), positions).isComplete()).isTrue();
    assertThat(healthy.records()).hasSize(2);
    assertThat(
            registry
                .await(List.of("failing"), positions, Duration.ofMillis(100))
                .join()
                .pendingConsumerIds())
        .containsExactly("failing");
    assertThat(failing.calls.get()).isGreaterThan(1);

    failing.down = false;
    assertThat(await(List.of("failing"), positions).isComplete()).isTrue();
    assertThat(failing.records())
        .extracting(Record::upstreamId)
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void events_areDropped_onceEveryConsumerHasPassedThem() {
    FakeConsumer consumer = new FakeConsumer();
    start(InMemoryStream.builder(), new Subscription("c", Set.of(CONTACT), consumer));
    consumer.hold();
    List<Position> positions = publish(record(CONTACT, "a"), record(CONTACT, "b"));
    assertThat(stream.retainedEvents()).isEqualTo(2);

    consumer.release();
    await(List.of("c"), positions);

    assertThat(stream.retainedEvents()).isZero();
  }

  @Test
  void stream_isFull_whenConsumersFallBehindByTheBound() {
    FakeConsumer consumer = new FakeConsumer();
    start(
        InMemoryStream.builder().maxRetainedEvents(3),
        new Subscription("c", Set.of(CONTACT), consumer));
    consumer.hold();

    publish(record(CONTACT, "a"), record(CONTACT, "b"));
    assertThat(stream.isFull()).isFalse();
    List<Position> positions = publish(record(CONTACT, "c"));
    assertThat(stream.isFull()).isTrue();

    consumer.release();
    await(List.of("c"), positions);
    assertThat(stream.isFull()).isFalse();
  }

  @Test
  void withoutConsumers_nothingIsRetained() {
    start(InMemoryStream.builder());

    publish(record(CONTACT, "a"));

    assertThat(stream.retainedEvents()).isZero();
  }

  @Test
  void publishBeforeStart_fails() {
    stream = InMemoryStream.create();

    assertThatThrownBy(
            () -> stream.publish(List.of(record(CONTACT, "a"))).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
