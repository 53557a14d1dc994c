package io.mutationapi.server.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A sync's rate limit of upstream calls, as the Management API reports it: a token bucket.
 * Immutable.
 *
 * @param permitsPerSecond the sustained rate of upstream calls
 * @param burst how many calls may start at once after a quiet period
 * @param maxWait the longest a call waits for its permit before its request is answered 429
 * @param maxQueued the most calls that may wait at once
 */
public record RateLimitSummary(
    double permitsPerSecond, int burst, Duration maxWait, int maxQueued) {
  /** Validates. */
  public RateLimitSummary {
    Objects.requireNonNull(maxWait, "maxWait");
  }

  /**
   * The length of the hosted shape's {@code interval}, in milliseconds: the time the bucket takes
   * to refill {@code burst} permits, so that {@code allowed_requests = burst} per {@code interval}
   * is both the sustained rate and the burst. At least 1.
   */
  public long intervalMillis() {
    return Math.max(1, Math.round(burst * 1000.0 / permitsPerSecond));
  }
}
