package io.mutationapi.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable bounds of a request that the codec enforces while reading.
 *
 * @param maxRecords the most records (or upstream ids) one request may name; default 1000
 * @param maxAwaitTimeout the longest {@code await_consumers_timeout}; default 300000 ms
 */
public record WireLimits(int maxRecords, Duration maxAwaitTimeout) {
  /** 1000 records per request, await timeouts up to 300000 ms. */
  public static final WireLimits DEFAULT = new WireLimits(1000, Duration.ofMillis(300_000));

  /** Validates. */
  public WireLimits {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    Objects.requireNonNull(maxAwaitTimeout, "maxAwaitTimeout");
    if (maxAwaitTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "maxAwaitTimeout must be at least 1 ms: " + maxAwaitTimeout);
    }
  }
}
