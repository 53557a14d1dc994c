package io.mutationapi.internal.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.mutationapi.await.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwaitRegistryTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final AwaitRegistry registry = new AwaitRegistry();

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  @Test
  void advanceThenAwait_completesImmediately() {
    registry.advance("search", 0, 11);

    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 10)), LONG);

    assertThat(future).isCompleted();
    assertThat(future.join().isComplete()).isTrue();
    assertThat(registry.pendingAwaits()).isZero();
  }

  @Test
  void awaitThenAdvance_completesOnTheAdvancingThread() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 10)), LONG);
    AtomicReference<Thread> completedOn = new AtomicReference<>();
    future.thenRun(() -> completedOn.set(Thread.currentThread()));
    assertThat(future).isNotDone();
    assertThat(registry.pendingAwaits()).isEqualTo(1);

    registry.advance("search", 0, 11);

    assertThat(future).isCompleted();
    assertThat(future.join().pendingConsumerIds()).isEmpty();
    assertThat(completedOn.get()).isSameAs(Thread.currentThread());
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void advanceToTheAwaitedOffset_doesNotComplete() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 10)), LONG);

    registry.advance("search", 0, 10);
    assertThat(future).isNotDone();

    registry.advance("search", 0, 11);
    assertThat(future).isCompleted();
  }

  @Test
  void advanceOfOneOfTwoConsumers_doesNotComplete() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search", "warehouse"), List.of(new Position(0, 3)), LONG);

    registry.advance("search", 0, 100);
    assertThat(future).isNotDone();

    registry.advance("warehouse", 0, 4);
    assertThat(future).isCompleted();
  }

  @Test
  void advanceOfOneOfTwoPartitions_doesNotComplete() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 3), new Position(1, 8)), LONG);

    registry.advance("search", 0, 4);
    registry.advance("search", 2, 100);
    assertThat(future).isNotDone();

    registry.advance("search", 1, 9);
    assertThat(future).isCompleted();
  }

  @Test
  void advance_ignoresOffsetsAtOrBelowTheWatermark() {
    assertThat(registry.watermark("search", 0)).isZero();

    registry.advance("search", 0, 7);
    registry.advance("search", 0, 3);
    registry.advance("search", 0, 7);

    assertThat(registry.watermark("search", 0)).isEqualTo(7);
    assertThat(registry.watermark("search", 1)).isZero();
    assertThat(registry.watermark("warehouse", 0)).isZero();
  }

  @Test
  void await_withNoConsumersOrNoPositions_completesImmediately() {
    assertThat(registry.await(List.of(), List.of(new Position(0, 1)), LONG).join().isComplete())
        .isTrue();
    assertThat(registry.await(List.of("search"), List.of(), LONG).join().isComplete()).isTrue();
    assertThat(registry.pendingAwaits()).isZero();
  }

  @Test
  void await_queuesOneWaiterPerConsumerAndPartition_forTheHighestOffset() {
    List<Position> positions =
        List.of(
            new Position(0, 1),
            new Position(0, 7),
            new Position(2, 4),
            new Position(0, 3),
            new Position(2, 2));
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("a", "b", "c"), positions, LONG);

    assertThat(registry.queuedWaiters()).isEqualTo(3 * 2);

    for (String consumer : List.of("a", "b", "c")) {
      registry.advance(consumer, 2, 5);
      registry.advance(consumer, 0, 7);
    }
    assertThat(future).isNotDone();
    for (String consumer : List.of("a", "b", "c")) {
      registry.advance(consumer, 0, 8);
    }
    assertThat(future).isCompleted();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void await_countsARepeatedConsumerOnce() throws Exception {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("b", "a", "b"), List.of(new Position(0, 0)), Duration.ofMillis(20));

    assertThat(registry.queuedWaiters()).isEqualTo(2);
    assertThat(future.get(5, TimeUnit.SECONDS).pendingConsumerIds()).containsExactly("b", "a");
  }

  @Test
  void await_onAHighPartitionNumber_completesWhenCovered() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(1_000_000, 5)), LONG);

    registry.advance("search", 1_000_000, 6);

    assertThat(future).isCompleted();
    assertThat(registry.watermark("search", 1_000_000)).isEqualTo(6);
  }

  @Test
  void manyWaiters_overManyConsumersAndPartitions_completeExactlyWhenCovered() {
    List<String> consumers = List.of("a", "b", "c", "d");
    int partitions = 5;
    long end = 20;
    Random random = new Random(42);
    List<List<String>> awaitedConsumers = new ArrayList<>();
    List<List<Position>> awaitedPositions = new ArrayList<>();
    List<CompletableFuture<AwaitOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      List<String> ids = new ArrayList<>(consumers);
      Collections.shuffle(ids, random);
      ids = ids.subList(0, 1 + random.nextInt(ids.size()));
      List<Position> positions = new ArrayList<>();
      for (int j = random.nextInt(4); j >= 0; j--) {
        positions.add(new Position(random.nextInt(partitions), random.nextInt((int) end)));
      }
      awaitedConsumers.add(ids);
      awaitedPositions.add(positions);
      futures.add(registry.await(ids, positions, LONG));
    }
    Map<String, long[]> model = new HashMap<>();
    consumers.forEach(c -> model.put(c, new long[partitions]));

    while (model.values().stream().anyMatch(marks -> Arrays.stream(marks).anyMatch(m -> m < end))) {
      String consumer = consumers.get(random.nextInt(consumers.size()));
      int partition = random.nextInt(partitions);
      long[] marks = model.get(consumer);
      marks[partition] = Math.min(end, marks[partition] + random.nextInt(3));
      registry.advance(consumer, partition, marks[partition]);

      for (int i = 0; i < futures.size(); i++) {
        boolean covered = isCovered(awaitedConsumers.get(i), awaitedPositions.get(i), model);
        assertThat(futures.get(i).isDone()).as("await %d", i).isEqualTo(covered);
      }
    }
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  private static boolean isCovered(
      List<String> consumers, List<Position> positions, Map<String, long[]> watermarks) {
    for (String consumer : consumers) {
      for (Position position : positions) {
        if (watermarks.get(consumer)[position.partition()] <= position.offset()) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void timeout_completesNormallyNamingPendingConsumersInRequestOrder() throws Exception {
    Duration timeout = Duration.ofMillis(100);
    // Progress comes first, so a descheduled test thread cannot let the timeout fire before it.
    registry.advance("search", 0, 5);
    registry.advance("search", 1, 3);
    registry.advance("billing", 0, 5);
    CompletableFuture<AwaitOutcome> future =
        registry.await(
            List.of("warehouse", "search", "billing"),
            List.of(new Position(0, 4), new Position(1, 2)),
            timeout);

    AwaitOutcome outcome = future.get(10, TimeUnit.SECONDS);

    assertThat(outcome.isComplete()).isFalse();
    assertThat(outcome.pendingConsumerIds()).containsExactly("warehouse", "billing");
    assertThat(outcome.waited()).isBetween(timeout, timeout.plusSeconds(5));
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void completion_cancelsItsTimeoutTask() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    timer.setRemoveOnCancelPolicy(true);
    try (AwaitRegistry shared = new AwaitRegistry(timer)) {
      CompletableFuture<AwaitOutcome> future =
          shared.await(List.of("search"), List.of(new Position(0, 0)), LONG);
      assertThat(timer.getQueue()).hasSize(1);

      shared.advance("search", 0, 1);

      assertThat(future).isCompleted();
      assertThat(timer.getQueue()).isEmpty();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void cancel_removesTheAwaitsWaitersAtOnce() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search", "warehouse"), List.of(new Position(0, 4)), LONG);
    assertThat(registry.queuedWaiters()).isEqualTo(2);

    assertThat(future.cancel(false)).isTrue();

    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
    registry.advance("search", 0, 5);
    registry.advance("warehouse", 0, 5);
    assertThat(future).isCancelled();
  }

  @Test
  void completingTheFutureFromOutside_removesTheAwaitsWaiters() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 4)), LONG);

    future.complete(new AwaitOutcome(List.of(), Duration.ZERO));

    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void dependents_mayUseTheRegistryFromTheCompletingThread() {
    CompletableFuture<AwaitOutcome> first =
        registry.await(List.of("search"), List.of(new Position(0, 0)), LONG);
    CompletableFuture<AwaitOutcome> second =
        first.thenCompose(
            outcome -> {
              CompletableFuture<AwaitOutcome> next =
                  registry.await(List.of("search"), List.of(new Position(0, 1)), LONG);
              registry.advance("search", 0, 2);
              return next;
            });

    registry.advance("search", 0, 1);

    assertThat(second).isCompleted();
    assertThat(registry.pendingAwaits()).isZero();
  }

  @Test
  void close_completesPendingAwaitsExceptionally() {
    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 4), new Position(3, 1)), LONG);

    registry.close();

    assertThatExceptionOfType(ExecutionException.class)
        .isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("await registry closed");
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  @Test
  void await_afterClose_failsWithIllegalStateException() {
    registry.close();

    CompletableFuture<AwaitOutcome> future =
        registry.await(List.of("search"), List.of(new Position(0, 4)), LONG);

    assertThat(future)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessage("await registry closed");
  }

  @Test
  void close_isIdempotentAndLeavesASharedTimerRunning() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    try {
      AwaitRegistry shared = new AwaitRegistry(timer);
      shared.close();
      shared.close();

      assertThat(timer.isShutdown()).isFalse();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void advance_rejectsInvalidArguments() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.advance("", 0, 1))
        .withMessage("consumerId must not be null or empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.advance(null, 0, 1))
        .withMessage("consumerId must not be null or empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.advance("search", -1, 1))
        .withMessage("partition must not be negative: -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.advance("search", 0, -1))
        .withMessage("nextOffset must not be negative: -1");
  }

  @Test
  void await_rejectsInvalidArguments() {
    List<Position> positions = List.of(new Position(0, 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.await(List.of("search", ""), positions, LONG))
        .withMessage("consumerIds[1] must not be null or empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.await(Arrays.asList("search", null), positions, LONG))
        .withMessage("consumerIds[1] must not be null or empty");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> registry.await(List.of("search"), Arrays.asList(new Position(0, 1), null), LONG))
        .withMessage("positions must not contain null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.await(List.of("search"), positions, Duration.ZERO))
        .withMessage("timeout must be positive: PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.await(List.of("search"), positions, Duration.ofSeconds(-1)))
        .withMessage("timeout must be positive: PT-1S");
    assertThatNullPointerException()
        .isThrownBy(() -> registry.await(null, positions, LONG))
        .withMessage("consumerIds");
    assertThatNullPointerException()
        .isThrownBy(() -> registry.await(List.of("search"), null, LONG))
        .withMessage("positions");
    assertThatNullPointerException()
        .isThrownBy(() -> registry.await(List.of("search"), positions, null))
        .withMessage("timeout");
  }

  @Test
  void pendingAwaitsPerConsumer_countEachAwaitedConsumer_untilTheAwaitEnds() {
    var both = registry.await(List.of("search", "warehouse"), List.of(new Position(0, 3)), LONG);
    var one = registry.await(List.of("search"), List.of(new Position(1, 3)), LONG);

    assertThat(registry.pendingAwaits("search")).isEqualTo(2);
    assertThat(registry.pendingAwaits("warehouse")).isEqualTo(1);
    assertThat(registry.pendingAwaits("never-awaited")).isZero();

    registry.advance("search", 0, 4);
    registry.advance("warehouse", 0, 4);
    assertThat(both.join().isComplete()).isTrue();
    assertThat(registry.pendingAwaits("search")).isEqualTo(1);
    assertThat(registry.pendingAwaits("warehouse")).isZero();

    one.cancel(false);
    assertThat(registry.pendingAwaits("search")).isZero();
  }

  @Test
  void pendingAwaitsPerConsumer_dropsToZero_whenTheAwaitTimesOut() {
    var timedOut =
        registry.await(List.of("search"), List.of(new Position(0, 3)), Duration.ofMillis(20));

    assertThat(timedOut.join().isComplete()).isFalse();
    assertThat(registry.pendingAwaits("search")).isZero();
  }
}
