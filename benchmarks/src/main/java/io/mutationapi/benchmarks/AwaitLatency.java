package io.mutationapi.benchmarks;

import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Item 3, latency: from a progress report ({@link AwaitRegistry#advance}) to the waiter's
 * completion, with 1, 1,000 and 10,000 awaits pending (the measured one included; the others on the
 * same consumer and partition, further ahead, so they stay queued).
 *
 * <ul>
 *   <li>{@code inline}: the future completes on the advancing thread; measured until {@code
 *       advance} returns, dependents included.
 *   <li>{@code handoff}: a parked thread waits in {@code join()} (as the engine's answer waits for
 *       a pool thread); measured until that thread runs. This adds the OS wake-up.
 * </ul>
 */
public final class AwaitLatency {
  private static final String CONSUMER = "c";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private AwaitLatency() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    for (int pending : new int[] {1, 1_000, 10_000}) {
      inline(pending, iterations);
      handoff(pending, iterations);
    }
  }

  private static AwaitRegistry registryWith(int others) {
    AwaitRegistry registry = new AwaitRegistry();
    for (int i = 0; i < others; i++) {
      registry.await(List.of(CONSUMER), List.of(new Position(0, Long.MAX_VALUE / 2 + i)), TIMEOUT);
    }
    return registry;
  }

  private static void inline(int pending, int iterations) {
    try (AwaitRegistry registry = registryWith(pending - 1)) {
      Histogram h = Results.histogram();
      long offset = 0;
      int warmup = iterations / 2;
      for (int i = 0; i < warmup + iterations; i++, offset++) {
        CompletableFuture<AwaitOutcome> f =
            registry.await(List.of(CONSUMER), List.of(new Position(0, offset)), TIMEOUT);
        long t0 = System.nanoTime();
        registry.advance(CONSUMER, 0, offset + 1);
        long t1 = System.nanoTime();
        if (!f.isDone()) {
          throw new IllegalStateException("advance did not complete the await");
        }
        if (i >= warmup) {
          h.recordValue(t1 - t0);
        }
      }
      check(registry, pending - 1);
      Results.putPercentiles("await.inline." + pending, h);
    }
  }

  private static void handoff(int pending, int iterations) throws InterruptedException {
    try (AwaitRegistry registry = registryWith(pending - 1)) {
      Histogram h = Results.histogram();
      int warmup = iterations / 4;
      int total = warmup + iterations;
      AtomicLong registered = new AtomicLong(-1);
      AtomicLong woken = new AtomicLong(-1);
      long[] advancedAt = new long[1];
      Thread waiter =
          new Thread(
              () -> {
                for (long offset = 0; offset < total; offset++) {
                  CompletableFuture<AwaitOutcome> f =
                      registry.await(List.of(CONSUMER), List.of(new Position(0, offset)), TIMEOUT);
                  registered.set(offset);
                  f.join();
                  long t1 = System.nanoTime();
                  // advancedAt is written before advance(), which happens-before the completion.
                  if (offset >= warmup) {
                    h.recordValue(t1 - advancedAt[0]);
                  }
                  woken.set(offset);
                }
              },
              "waiter");
      waiter.start();
      for (long offset = 0; offset < total; offset++) {
        while (registered.get() != offset) {
          Thread.onSpinWait();
        }
        // Let the waiter park, as a waiting request's thread would be.
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        advancedAt[0] = System.nanoTime();
        registry.advance(CONSUMER, 0, offset + 1);
        while (woken.get() != offset) {
          Thread.onSpinWait();
        }
      }
      waiter.join();
      check(registry, pending - 1);
      Results.putPercentiles("await.handoff." + pending, h);
    }
  }

  private static void check(AwaitRegistry registry, int expected) {
    if (registry.pendingAwaits() != expected) {
      throw new IllegalStateException(
          "expected " + expected + " pending awaits, found " + registry.pendingAwaits());
    }
  }
}
