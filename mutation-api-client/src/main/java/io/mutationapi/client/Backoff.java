package io.mutationapi.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long to wait before the next attempt: the server's {@code Retry-After} when it sent one, else
 * exponential backoff with jitter; no wait at all when the retries or the time ran out.
 */
final class Backoff {
  private static final long BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(8);

  private Backoff() {}

  /**
   * Returns the wait in nanoseconds before attempt {@code attempt + 1}, or -1 if there is none: the
   * retries are used up, or the wait would leave no time for the attempt.
   */
  static long delay(
      int attempt,
      int maxAttempts,
      Optional<Duration> retryAfter,
      CallDeadline deadline,
      Timing timing) {
    if (attempt >= maxAttempts) {
      return -1;
    }
    long delay;
    if (retryAfter.isPresent()) {
      delay = retryAfter.get().toNanos(); // at most a day, so it fits
    } else {
      long exp = BASE_NANOS << Math.min(attempt - 1, 20);
      long capped = Math.min(exp, MAX_NANOS);
      // Up to a quarter less, so clients that failed together do not retry together.
      delay = capped - (long) (capped * 0.25 * timing.random());
    }
    // Waiting into a deadline that leaves no time for the attempt would only delay the failure.
    return delay < deadline.remainingNanos() ? delay : -1;
  }
}
