package io.mutationapi.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable bounds of a request that the codec enforces while reading. Each default is
 * defined here once; the server's builders start from {@link #DEFAULT}.
 *
 * @param maxRecords the most records (or upstream ids) one request may name; default {@value
 *     #DEFAULT_MAX_RECORDS}
 * @param maxAwaitTimeout the longest {@code await_consumers_timeout}; default 300000 ms
 * @param maxJsonValues the most JSON values (each string, number, boolean, null, array and object,
 *     at any depth) one request body may hold; default {@value #DEFAULT_MAX_JSON_VALUES}. It bounds
 *     the memory a body takes once parsed: a small value costs far more in memory than its bytes on
 *     the wire, so the byte limit alone does not.
 */
public record WireLimits(int maxRecords, Duration maxAwaitTimeout, int maxJsonValues) {
  /** The default of {@link #maxRecords}. */
  public static final int DEFAULT_MAX_RECORDS = 1000;

  /** The default of {@link #maxAwaitTimeout}: 5 minutes. */
  public static final Duration DEFAULT_MAX_AWAIT_TIMEOUT = Duration.ofMillis(300_000);

  /**
   * The default of {@link #maxJsonValues}: room for 1000 records of 400 fields each; parsed, that
   * many small values take 30 to 50 MB (measured: 28 MB for 500,000 numbers in one array, 42 MB for
   * 1000 records of 400 numeric fields).
   */
  public static final int DEFAULT_MAX_JSON_VALUES = 500_000;

  /** Every default: 1000 records, await timeouts up to 300000 ms, 500000 JSON values. */
  public static final WireLimits DEFAULT =
      new WireLimits(DEFAULT_MAX_RECORDS, DEFAULT_MAX_AWAIT_TIMEOUT, DEFAULT_MAX_JSON_VALUES);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a count is not positive or the timeout is under 1 ms
   */
  public WireLimits {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
    }
    Objects.requireNonNull(maxAwaitTimeout, "maxAwaitTimeout");
    if (maxAwaitTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "maxAwaitTimeout must be at least 1 ms: " + maxAwaitTimeout);
    }
    if (maxJsonValues < 1) {
      throw new IllegalArgumentException("maxJsonValues must be positive: " + maxJsonValues);
    }
  }

  /** The given record and timeout bounds, with the default {@link #maxJsonValues}. */
  public WireLimits(int maxRecords, Duration maxAwaitTimeout) {
    this(maxRecords, maxAwaitTimeout, DEFAULT_MAX_JSON_VALUES);
  }
}
