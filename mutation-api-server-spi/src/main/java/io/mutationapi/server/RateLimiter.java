package io.mutationapi.server;

import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The gate in front of one sync's upstream: a token bucket that may go into debt (so waiting calls
 * are spaced at the rate), a bounded number of waiters with a deadline, and a block until a time
 * the upstream asked for. Holds no thread: it only says how long to wait. Thread-safe.
 */
final class RateLimiter {
  /** A decision: wait {@code waitNanos} then call, or do not call and answer {@code refusal}. */
  record Permit(long waitNanos, UpstreamException refusal) {
    boolean granted() {
      return refusal == null;
    }
  }

  private final String syncId;
  private final double permitsPerNano;
  private final double burst;
  private final long maxWaitNanos;
  private final int maxQueued;
  private final LongSupplier nanoClock;

  // Guarded by this.
  private double tokens;
  private long refilledAt;
  private long blockedUntil;
  private boolean blocked;
  private int queued;

  RateLimiter(String syncId, RateLimit limit, LongSupplier nanoClock) {
    this.syncId = syncId;
    this.permitsPerNano = limit.permitsPerSecond() / 1e9;
    this.burst = limit.burst();
    this.maxWaitNanos = limit.maxWait().toNanos();
    this.maxQueued = limit.maxQueued();
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.refilledAt = nanoClock.getAsLong();
  }

  /**
   * Takes a permit for one upstream call, or refuses; a granted wait must end with {@link
   * #dequeued}.
   */
  synchronized Permit acquire() {
    long now = nanoClock.getAsLong();
    boolean unlimited = Double.isInfinite(permitsPerNano);
    if (!unlimited) {
      tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerNano);
    }
    refilledAt = now;
    long tokenWait = unlimited || tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / permitsPerNano);
    long blockWait = blocked ? Math.max(0, blockedUntil - now) : 0;
    long wait = Math.max(tokenWait, blockWait);
    if (wait > maxWaitNanos || (wait > 0 && queued >= maxQueued)) {
      String message =
          blockWait >= tokenWait
              ? "The upstream of sync '" + syncId + "' is rate limiting; retry later"
              : "Rate limit of sync '" + syncId + "' reached; retry later";
      return new Permit(-1, UpstreamException.rateLimited(message, Duration.ofNanos(wait)));
    }
    if (!unlimited) {
      tokens -= 1;
    }
    if (wait > 0) {
      queued++;
    }
    return new Permit(wait, null);
  }

  /** A call that waited has started (or given up). */
  synchronized void dequeued() {
    queued--;
  }

  /** The upstream said to wait {@code retryAfter}: no call starts before then. */
  synchronized void blockFor(Duration retryAfter) {
    long until = nanoClock.getAsLong() + Math.max(0, retryAfter.toNanos());
    if (!blocked || until - blockedUntil > 0) {
      blockedUntil = until;
      blocked = true;
    }
  }

  synchronized int queued() {
    return queued;
  }
}
