package io.mutationapi.kafka;

import java.time.Duration;

/**
 * The moment a start gives up: {@link KafkaConfig#startTimeout()} after it began. Every Kafka call
 * of a start gets what remains of it, so that the start as a whole, not each call, is bounded.
 * Immutable.
 */
final class StartDeadline {
  private final long deadlineNanos;

  private StartDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** Returns the deadline {@code timeout} from now. */
  static StartDeadline after(Duration timeout) {
    return new StartDeadline(System.nanoTime() + timeout.toNanos());
  }

  /** Returns the milliseconds left, at least 1 (a Kafka call given 0 would not be sent at all). */
  int remainingMillis() {
    long millis = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }

  /** Returns true once the deadline is reached. */
  boolean passed() {
    return System.nanoTime() - deadlineNanos >= 0;
  }
}
