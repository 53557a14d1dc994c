package io.mutationapi.client;

import java.time.Duration;

/**
 * The total deadline of one logical request, over all its attempts and the waits between them,
 * counted from when the call is made (so time queued in OkHttp's dispatcher counts).
 */
final class CallDeadline {
  private final Timing timing;
  private final Duration total;
  private final long atNanos;

  CallDeadline(Timing timing, Duration total) {
    this.timing = timing;
    this.total = total;
    this.atNanos = timing.nanoTime() + total.toNanos();
  }

  /** Returns the time left in nanoseconds; zero or less once the deadline has passed. */
  long remainingNanos() {
    return atNanos - timing.nanoTime();
  }

  /** Whether the deadline has passed. */
  boolean isPast() {
    return timing.nanoTime() - atNanos >= 0;
  }

  /** Returns the whole deadline, as configured or derived. */
  Duration total() {
    return total;
  }
}
