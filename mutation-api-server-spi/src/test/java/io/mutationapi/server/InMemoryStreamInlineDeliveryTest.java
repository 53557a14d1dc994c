package io.mutationapi.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.ConsumerStatus;
import io.mutationapi.server.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the publishing thread to a consumer that says it never blocks: when it happens, and
 * that order, at-least-once delivery, one batch at a time, retries with backoff, retention, status
 * and close hold as on the consumer's own thread.
 */
class InMemoryStreamInlineDeliveryTest {
  static final String CONTACT = "salesforce:contact";

  /**
   * Records each call's thread and events; throws while {@link #down}; holds its stages after
   * {@link #hold()}; sleeps {@link #sleepMillis} per call; counts calls running at once.
   */
  static final class RecordingConsumer implements Consumer {
    final boolean nonBlocking;
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    volatile boolean down;
    volatile long sleepMillis;
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    RecordingConsumer(boolean nonBlocking) {
      this.nonBlocking = nonBlocking;
    }

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        threads.add(Thread.currentThread());
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis);
        }
        if (down) {
          throw new IllegalStateException("consumer is down");
        }
        return gate.thenRun(() -> events.addAll(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(e);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public boolean isNonBlocking() {
      return nonBlocking;
    }

    void hold() {
      gate = new CompletableFuture<>();
    }

    void release() {
      gate.complete(null);
    }

    List<Long> versions() {
      List<Long> versions = new ArrayList<>();
      for (ChangeEvent event : events) {
        versions.add(event.record().updatedIdx().getAsLong());
      }
      return versions;
    }
  }

  final AwaitRegistry registry = new AwaitRegistry();
  final Thread publisher = Thread.currentThread();
  InMemoryStream stream;
  long idx;

  Record record(String id) {
    return Record.builder()
        .syncId("s")
        .collectionId(CONTACT)
        .upstreamId(id)
        .upstreamUpdatedAt(Instant.now())
        .updatedIdx(++idx)
        .data(Map.of("v", idx))
        .build();
  }

  void start(RecordingConsumer consumer) {
    stream =
        InMemoryStream.builder()
            .partitions(1)
            .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(40))
            .build();
    stream.start(List.of(new Subscription("c", Set.of(CONTACT), consumer)), registry::advance);
  }

  List<Position> publish(Record... records) {
    return stream.publish(List.of(records)).toCompletableFuture().join();
  }

  boolean awaitDone(List<Position> positions) {
    return registry
        .await(List.of("c"), positions, Duration.ofSeconds(10))
        .orTimeout(20, TimeUnit.SECONDS)
        .join()
        .isComplete();
  }

  @AfterEach
  void close() {
    if (stream != null) {
      stream.close();
    }
    registry.close();
  }

  @Test
  void nonBlockingConsumer_whenIdle_isDeliveredOnThePublishingThread_beforePublishReturns() {
    RecordingConsumer consumer = new RecordingConsumer(true);
    start(consumer);

    List<Position> positions = publish(record("a"), record("b"));

    assertThat(consumer.threads).containsExactly(publisher);
    assertThat(consumer.versions()).containsExactly(1L, 2L);
    assertThat(registry.watermark("c", 0)).isEqualTo(positions.get(1).offset() + 1);
    assertThat(stream.retainedEvents()).isZero();
    assertThat(stream.status("c").lag()).hasValue(0);
  }

  @Test
  void blockingConsumer_theDefault_isNeverDeliveredOnThePublishingThread() {
    RecordingConsumer consumer = new RecordingConsumer(false);
    start(consumer);

    List<Position> positions = publish(record("a"));

    assertThat(awaitDone(positions)).isTrue();
    assertThat(consumer.threads).hasSize(1).doesNotContain(publisher);
    assertThat(consumer.threads.get(0).getName()).isEqualTo("mutation-consumer-c");
  }

  @Test
  void nonBlockingConsumer_whenBusy_getsLaterEventsOnItsOwnThread_inOrder_oneBatchAtATime() {
    RecordingConsumer consumer = new RecordingConsumer(true);
    start(consumer);
    consumer.hold();
    publish(record("a"));

    List<Position> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      later.addAll(publish(record("a")));
    }
    assertThat(consumer.threads).containsExactly(publisher);
    assertThat(stream.retainedEvents()).isEqualTo(6);

    consumer.release();
    assertThat(awaitDone(later)).isTrue();

    assertThat(consumer.versions()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(consumer.threads.subList(1, consumer.threads.size())).doesNotContain(publisher);
    assertThat(consumer.mostRunning.get()).isEqualTo(1);
    assertThat(stream.retainedEvents()).isZero();
  }

  @Test
  void nonBlockingConsumer_thatThrows_failsNoPublish_andIsRetriedWithBackoffOnItsOwnThread()
      throws Exception {
    RecordingConsumer consumer = new RecordingConsumer(true);
    consumer.down = true;
    start(consumer);

    List<Position> first = publish(record("a"));
    // While it backs off, a publish does not call it again on this thread.
    List<Position> second = publish(record("b"));
    assertThat(consumer.threads.get(0)).isSameAs(publisher);
    ConsumerStatus failing = stream.status("c");
    assertThat(failing.consecutiveFailures()).isPositive();
    assertThat(failing.lastError()).contains(IllegalStateException.class.getName());
    assertThat(failing.lag()).hasValue(2);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (consumer.threads.size() < 2 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertThat(consumer.threads.size()).isGreaterThan(1);
    consumer.down = false;

    assertThat(awaitDone(second)).isTrue();
    assertThat(awaitDone(first)).isTrue();
    assertThat(consumer.threads.subList(1, consumer.threads.size())).doesNotContain(publisher);
    assertThat(consumer.versions()).containsExactly(1L, 2L);
    assertThat(stream.status("c").consecutiveFailures()).isZero();
  }

  @Test
  void nonBlockingConsumer_slowOnce_staysOnThePublishingThread() {
    RecordingConsumer consumer = new RecordingConsumer(true);
    start(consumer);
    consumer.sleepMillis = 5;
    publish(record("a"));
    consumer.sleepMillis = 0;

    publish(record("b"));
    publish(record("c"));

    assertThat(consumer.threads).containsExactly(publisher, publisher, publisher);
  }

  @Test
  void nonBlockingConsumer_slowTwiceInARow_isDeliveredOnItsOwnThreadAfterwards() {
    RecordingConsumer consumer = new RecordingConsumer(true);
    start(consumer);
    consumer.sleepMillis = 5;
    publish(record("a"));
    publish(record("b"));
    consumer.sleepMillis = 0;

    List<Position> third = publish(record("c"));

    assertThat(awaitDone(third)).isTrue();
    assertThat(consumer.threads).hasSize(3);
    assertThat(consumer.threads.subList(0, 2)).containsOnly(publisher);
    assertThat(consumer.threads.get(2).getName()).isEqualTo("mutation-consumer-c");
    assertThat(consumer.versions()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void closedStream_doesNotCallANonBlockingConsumer() {
    RecordingConsumer consumer = new RecordingConsumer(true);
    start(consumer);
    stream.close();

    publish(record("a"));

    assertThat(consumer.threads).isEmpty();
  }
}
