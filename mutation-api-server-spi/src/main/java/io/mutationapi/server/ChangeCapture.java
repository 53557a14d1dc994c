package io.mutationapi.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a sync's change capture: how the server backfills and polls an upstream that is a
 * {@link io.mutationapi.server.spi.ChangeSource}. Immutable; start from {@link #defaults()}.
 *
 * @param pageSize the most records asked for in one page, at least 1; the default is 500
 * @param pollInterval how long the server waits after a poll that found nothing more before it
 *     polls again; the default is 5 seconds. A mutation batch on the collection triggers a poll at
 *     once
 * @param maxAge when set, the backfill skips records last changed longer ago (the hosted product's
 *     {@code max_age_days}); later polls list every change
 * @param maxBackoff the longest wait between polls that fail; the wait doubles from the poll
 *     interval up to it. The default is 5 minutes
 */
public record ChangeCapture(
    int pageSize, Duration pollInterval, Optional<Duration> maxAge, Duration maxBackoff) {

  private static final ChangeCapture DEFAULTS =
      new ChangeCapture(500, Duration.ofSeconds(5), Optional.empty(), Duration.ofMinutes(5));

  /** Validates. */
  public ChangeCapture {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
    }
    requirePositive(pollInterval, "pollInterval");
    Objects.requireNonNull(maxAge, "maxAge").ifPresent(a -> requirePositive(a, "maxAge"));
    requirePositive(maxBackoff, "maxBackoff");
  }

  /** Returns the defaults: pages of 500, a poll every 5 seconds, no age bound, backoff to 5 min. */
  public static ChangeCapture defaults() {
    return DEFAULTS;
  }

  /** Returns these settings with {@code pageSize}. */
  public ChangeCapture withPageSize(int pageSize) {
    return new ChangeCapture(pageSize, pollInterval, maxAge, maxBackoff);
  }

  /** Returns these settings with {@code pollInterval}. */
  public ChangeCapture withPollInterval(Duration pollInterval) {
    return new ChangeCapture(pageSize, pollInterval, maxAge, maxBackoff);
  }

  /** Returns these settings with a backfill bounded to records changed within {@code maxAge}. */
  public ChangeCapture withMaxAge(Duration maxAge) {
    return new ChangeCapture(pageSize, pollInterval, Optional.of(maxAge), maxBackoff);
  }

  /** Returns these settings with {@code maxBackoff}. */
  public ChangeCapture withMaxBackoff(Duration maxBackoff) {
    return new ChangeCapture(pageSize, pollInterval, maxAge, maxBackoff);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
