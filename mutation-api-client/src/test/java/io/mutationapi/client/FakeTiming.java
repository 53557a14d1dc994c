package io.mutationapi.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for the retry loop: waits are recorded and advance the clock at once, so backoff is
 * checked exactly and tests do not sleep. Scheduled retries run at once on the scheduling thread,
 * or are held for the test to run when {@link #holdScheduled()} was called.
 */
final class FakeTiming implements Timing {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> waits = new ArrayList<>();
  private volatile double random = 0.5;
  private volatile boolean hold;
  private final CompletableFuture<Runnable> held = new CompletableFuture<>();

  FakeTiming random(double random) {
    this.random = random;
    return this;
  }

  FakeTiming holdScheduled() {
    this.hold = true;
    return this;
  }

  /** Completes with the first retry that was scheduled while holding. */
  CompletableFuture<Runnable> held() {
    return held;
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleep(long nanos) {
    record(nanos);
  }

  @Override
  public void schedule(Runnable task, long nanos) {
    record(nanos);
    if (hold) {
      held.complete(task);
    } else {
      task.run();
    }
  }

  private synchronized void record(long nanos) {
    waits.add(Duration.ofNanos(nanos));
    now.addAndGet(nanos);
  }

  @Override
  public double random() {
    return random;
  }

  /** Virtual time never reaches a deadline by itself: the attempts' own timeouts end them. */
  @Override
  public Runnable deadline(Runnable task, long nanos) {
    return () -> {};
  }
}
