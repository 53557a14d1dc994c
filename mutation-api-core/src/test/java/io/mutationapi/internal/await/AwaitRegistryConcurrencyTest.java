package io.mutationapi.internal.await;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.await.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwaitRegistryConcurrencyTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final AwaitRegistry registry = new AwaitRegistry();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
    registry.close();
  }

  /**
   * Each round, two threads register awaits for offset k while two others advance the same
   * consumers and partitions from k to k + 1, all released at once. No later advance can rescue a
   * lost wake-up: the awaits must be complete when the round ends.
   */
  @Test
  void awaitsRegisteredWhileAdvancesCoverThem_allCompleteWithoutALaterAdvance() throws Exception {
    int rounds = 3_000;
    List<String> consumers = List.of("search", "warehouse");
    CyclicBarrier barrier = new CyclicBarrier(4);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      tasks.add(
          () -> {
            int incomplete = 0;
            for (int k = 0; k < rounds; k++) {
              List<Position> positions = List.of(new Position(0, k), new Position(1, k));
              barrier.await(10, TimeUnit.SECONDS);
              CompletableFuture<AwaitOutcome> future = registry.await(consumers, positions, LONG);
              barrier.await(10, TimeUnit.SECONDS);
              AwaitOutcome outcome = future.getNow(null);
              if (outcome == null || !outcome.isComplete()) {
                incomplete++;
              }
              future.cancel(false);
            }
            return incomplete;
          });
    }
    for (String consumer : consumers) {
      tasks.add(
          () -> {
            for (int k = 0; k < rounds; k++) {
              int first = k % 2;
              barrier.await(10, TimeUnit.SECONDS);
              registry.advance(consumer, first, k + 1);
              registry.advance(consumer, 1 - first, k + 1);
              barrier.await(10, TimeUnit.SECONDS);
            }
            return 0;
          });
    }

    int incomplete = 0;
    for (Future<Integer> result : threads.invokeAll(tasks)) {
      incomplete += result.get(30, TimeUnit.SECONDS);
    }

    assertThat(incomplete).as("awaits not complete at the end of their round").isZero();
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  /**
   * A registering thread and an advancing thread meet at a spinning handshake each round; the
   * advancer then waits a varying few spins, so over the rounds its advance lands at every point of
   * the registration. No later advance can rescue a lost wake-up: the await must be complete when
   * the round ends. Runs up to 20,000 rounds or 3 seconds.
   */
  @Test
  void awaitRacingTheAdvanceThatCoversIt_isCompleteWhenTheAdvanceReturns() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    AtomicLong started = new AtomicLong(-1);
    AtomicLong advanced = new AtomicLong(-1);
    Future<?> advancer =
        threads.submit(
            () -> {
              Random random = new Random(7);
              for (long k = 0; ; k++) {
                int delay = random.nextInt(200);
                waitUntilAtLeast(started, k);
                if (started.get() == Long.MAX_VALUE) {
                  return;
                }
                for (int i = 0; i < delay; i++) {
                  Thread.onSpinWait();
                }
                registry.advance("search", 0, k + 1);
                advanced.set(k);
              }
            });
    int rounds = 0;
    int incomplete = 0;
    for (long k = 0; k < 20_000 && System.nanoTime() < deadline; k++) {
      started.set(k);
      CompletableFuture<AwaitOutcome> future =
          registry.await(List.of("search"), List.of(new Position(0, k)), LONG);
      waitUntilAtLeast(advanced, k);
      if (!future.isDone()) {
        incomplete++;
        future.cancel(false);
      }
      rounds++;
    }
    started.set(Long.MAX_VALUE);
    advancer.get(30, TimeUnit.SECONDS);

    assertThat(rounds).isPositive();
    assertThat(incomplete).as("awaits not complete after the advance covering them").isZero();
    assertThat(registry.pendingAwaits()).isZero();
  }

  /** Spins briefly, then yields, so a descheduled partner on a busy machine does not stall us. */
  private static void waitUntilAtLeast(AtomicLong value, long target) {
    for (int spins = 0; value.get() < target; spins++) {
      if (spins < 1_000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  /**
   * Threads register awaits near the moving watermarks, some with timeouts short enough to race the
   * advances and some cancelled at once, while other threads advance. Every await ends and the
   * registry is left empty.
   */
  @Test
  void timeoutsAndCancellationsRacingAdvances_leaveTheRegistryEmpty() throws Exception {
    List<String> consumers = List.of("a", "b", "c");
    int partitions = 4;
    long end = 2_000;
    List<Callable<List<CompletableFuture<AwaitOutcome>>>> registrants = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Random random = new Random(t);
      registrants.add(
          () -> {
            List<CompletableFuture<AwaitOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
              String consumer = consumers.get(random.nextInt(consumers.size()));
              int partition = random.nextInt(partitions);
              long offset =
                  Math.min(end - 1, registry.watermark(consumer, partition) + random.nextInt(50));
              List<String> ids = i % 2 == 0 ? List.of(consumer) : consumers;
              Duration timeout = Duration.ofNanos(1 + random.nextInt(500_000));
              CompletableFuture<AwaitOutcome> future =
                  registry.await(ids, List.of(new Position(partition, offset)), timeout);
              if (i % 7 == 0) {
                future.cancel(false);
              }
              futures.add(future);
            }
            return futures;
          });
    }
    List<Future<?>> advancers = new ArrayList<>();
    for (String consumer : consumers) {
      advancers.add(
          threads.submit(
              () -> {
                for (long offset = 1; offset <= end; offset++) {
                  for (int partition = 0; partition < partitions; partition++) {
                    registry.advance(consumer, partition, offset);
                  }
                  Thread.yield();
                }
              }));
    }

    List<CompletableFuture<AwaitOutcome>> futures = new ArrayList<>();
    for (Future<List<CompletableFuture<AwaitOutcome>>> result : threads.invokeAll(registrants)) {
      futures.addAll(result.get(30, TimeUnit.SECONDS));
    }
    for (Future<?> advancer : advancers) {
      advancer.get(30, TimeUnit.SECONDS);
    }

    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
        .handle((ignored, failure) -> null)
        .get(10, TimeUnit.SECONDS);
    assertThat(futures).allMatch(CompletableFuture::isDone);
    assertThat(futures)
        .filteredOn(future -> !future.isCancelled())
        .allMatch(future -> !future.isCompletedExceptionally());
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }

  /** Awaits registered while the registry closes either fail or complete; none is left pending. */
  @Test
  void awaitsRacingClose_allEnd() throws Exception {
    List<Callable<List<CompletableFuture<AwaitOutcome>>>> registrants = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      registrants.add(
          () -> {
            List<CompletableFuture<AwaitOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
              futures.add(registry.await(List.of("a", "b"), List.of(new Position(i % 3, i)), LONG));
            }
            return futures;
          });
    }
    List<Future<List<CompletableFuture<AwaitOutcome>>>> results = new ArrayList<>();
    for (Callable<List<CompletableFuture<AwaitOutcome>>> registrant : registrants) {
      results.add(threads.submit(registrant));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.pendingAwaits() < 100 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    registry.close();

    for (Future<List<CompletableFuture<AwaitOutcome>>> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS))
          .allSatisfy(future -> assertThat(future).isCompletedExceptionally());
    }
    assertThat(registry.pendingAwaits()).isZero();
    assertThat(registry.queuedWaiters()).isZero();
  }
}
