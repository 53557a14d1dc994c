package io.mutationapi.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast a server may call one sync's upstream: a token bucket of {@code permitsPerSecond} with
 * room for {@code burst} calls, and a bounded wait: a call that cannot start at once waits, at most
 * {@code maxWait} and behind at most {@code maxQueued} others; otherwise its request is answered
 * {@code 429 rate_limited} with {@code Retry-After}.
 *
 * <p>Each upstream call (one batch of at most {@code maxBatchSize} records) takes one permit. An
 * upstream's own rate limit ({@link io.mutationapi.server.spi.UpstreamException#rateLimited}) is
 * honoured on top: that sync's next calls wait until its retry-after has passed, or are refused
 * with 429 if that is further away than {@code maxWait}.
 *
 * <p>Set per sync with {@link MutationServer.Builder#rateLimit}; syncs without one are {@link
 * #UNLIMITED}.
 *
 * @param permitsPerSecond the sustained rate of upstream calls; positive, or infinite for no limit
 * @param burst how many calls may start at once after a quiet period; at least 1
 * @param maxWait the longest a call may wait for its permit; not negative
 * @param maxQueued the most calls that may wait at once; not negative
 */
public record RateLimit(double permitsPerSecond, int burst, Duration maxWait, int maxQueued) {
  /** The default wait: at most 5 seconds. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

  /** The default queue: at most 1,000 waiting calls. */
  public static final int DEFAULT_MAX_QUEUED = 1000;

  /** No rate of its own; an upstream's 429 is still honoured with the default wait and queue. */
  public static final RateLimit UNLIMITED =
      new RateLimit(Double.POSITIVE_INFINITY, 1, DEFAULT_MAX_WAIT, DEFAULT_MAX_QUEUED);

  /** Validates the arguments. */
  public RateLimit {
    if (Double.isNaN(permitsPerSecond) || permitsPerSecond <= 0) {
      throw new IllegalArgumentException("permitsPerSecond must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must not be negative: " + maxQueued);
    }
  }

  /**
   * Returns a limit of {@code permitsPerSecond} upstream calls with bursts of {@code burst}, the
   * default wait ({@link #DEFAULT_MAX_WAIT}) and queue ({@link #DEFAULT_MAX_QUEUED}).
   */
  public static RateLimit of(double permitsPerSecond, int burst) {
    return new RateLimit(permitsPerSecond, burst, DEFAULT_MAX_WAIT, DEFAULT_MAX_QUEUED);
  }

  /** Returns a copy with {@code maxWait} as the longest wait for a permit. */
  public RateLimit withMaxWait(Duration maxWait) {
    return new RateLimit(permitsPerSecond, burst, maxWait, maxQueued);
  }

  /** Returns a copy with {@code maxQueued} as the most calls waiting at once. */
  public RateLimit withMaxQueued(int maxQueued) {
    return new RateLimit(permitsPerSecond, burst, maxWait, maxQueued);
  }
}
