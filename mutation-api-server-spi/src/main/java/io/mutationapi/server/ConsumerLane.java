package io.mutationapi.server;

import io.mutationapi.internal.DaemonThreads;
import io.mutationapi.server.spi.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link InMemoryStream} runs one consumer's deliveries: the consumer's own thread, and,
 * while the consumer says it {@linkplain Consumer#isNonBlocking never blocks} and its calls bear
 * that out, the thread that publishes.
 *
 * <p>A call on a publishing thread that takes longer than {@link #SLOW_CALL_NANOS} is a strike; a
 * fast one clears the strikes. {@link #STRIKES} in a row send every delivery to the consumer's
 * thread for {@link #PENALTY_FACTOR} times as long as the last call took (at least {@link
 * #MIN_PENALTY_NANOS}), then the publishing thread is tried again; a warning is logged the first
 * time. One slow call (a garbage collection, a map growing, the thread descheduled) costs nothing,
 * and a consumer that blocks every time costs the publishers a few slow calls, then about 1% of
 * their time at most. Thread-safe.
 */
final class ConsumerLane {
  /** A call on a publishing thread longer than this (1 ms) is a strike. */
  static final long SLOW_CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Strikes in a row that stop calls on the publishing thread for a while. */
  static final int STRIKES = 2;

  /** The pause after the strikes is this many times the last call's duration. */
  static final int PENALTY_FACTOR = 100;

  /** The shortest pause after the strikes: 1 s. */
  static final long MIN_PENALTY_NANOS = TimeUnit.SECONDS.toNanos(1);

  // A call longer than this (1 minute) counts as this long: the pause stays under 2 hours.
  private static final long MAX_COUNTED_CALL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final Logger log = LoggerFactory.getLogger(InMemoryStream.class);

  private final String consumerId;
  private final ExecutorService thread;
  private final boolean nonBlocking;
  private final AtomicInteger strikes = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();
  // System.nanoTime() before which nothing runs on a publishing thread; 0 if none.
  private volatile long pausedUntil;

  ConsumerLane(String consumerId, Consumer consumer) {
    this.consumerId = consumerId;
    this.thread =
        Executors.newSingleThreadExecutor(DaemonThreads.named("mutation-consumer-" + consumerId));
    this.nonBlocking = consumer.isNonBlocking();
  }

  /** True if a delivery may run on the publishing thread now. */
  boolean inline() {
    if (!nonBlocking) {
      return false;
    }
    long until = pausedUntil;
    return until == 0 || System.nanoTime() - until >= 0;
  }

  /** Runs {@code task} on the consumer's thread; does nothing once the lane is closed. */
  void schedule(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed.
    }
  }

  /** Told how long a call on a publishing thread took to return its stage. */
  void calledInline(long nanos) {
    if (nanos <= SLOW_CALL_NANOS) {
      if (strikes.get() != 0) {
        strikes.set(0);
      }
      return;
    }
    if (strikes.incrementAndGet() < STRIKES) {
      return;
    }
    strikes.set(0);
    long pause =
        Math.max(MIN_PENALTY_NANOS, Math.min(nanos, MAX_COUNTED_CALL_NANOS) * PENALTY_FACTOR);
    pausedUntil = System.nanoTime() + pause;
    String message =
        "Consumer '{}' says it never blocks, but calls take {} ms; it is delivered to on its own"
            + " thread for the next {} s";
    Object[] args = {
      consumerId, TimeUnit.NANOSECONDS.toMillis(nanos), TimeUnit.NANOSECONDS.toSeconds(pause)
    };
    if (warned.compareAndSet(false, true)) {
      log.warn(message, args);
    } else {
      log.debug(message, args);
    }
  }

  /** Stops the consumer's thread; a delivery running there is interrupted. */
  void close() {
    thread.shutdownNow();
  }
}
