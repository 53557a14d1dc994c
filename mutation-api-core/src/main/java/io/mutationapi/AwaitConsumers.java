package io.mutationapi;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The downstream consumers a mutation waits for, and how long it waits.
 *
 * <p>A request that awaits consumers is answered only after each named consumer has processed every
 * record the mutation changed, or after {@code timeout}, whichever comes first. On timeout the
 * mutation has still been applied upstream; see the {@code consumers_timeout} error.
 *
 * <p>Consumer ids keep their order; duplicates collapse to the first occurrence. An empty list
 * means "do not wait". The wire carries the timeout in whole milliseconds, so a finer one is
 * rounded up to the next millisecond. Instances are immutable.
 *
 * @param consumerIds the consumers to wait for, in order, without duplicates
 * @param timeout how long to wait, counted from when the change has been published
 */
public record AwaitConsumers(List<String> consumerIds, Duration timeout) {

  /** The wait used when a request names consumers but no timeout: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Validates, removes duplicates, rounds the timeout up to whole milliseconds and copies.
   *
   * @throws IllegalArgumentException if an id is empty or the timeout is not positive
   */
  public AwaitConsumers {
    Objects.requireNonNull(consumerIds, "consumerIds");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (timeout.getNano() % 1_000_000 != 0) {
      // Truncated, 0.5 ms would go on the wire as 0, which every server rejects.
      timeout = timeout.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < consumerIds.size(); i++) {
      String id = consumerIds.get(i);
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("consumerIds[" + i + "] must not be null or empty");
      }
      unique.add(id);
    }
    consumerIds = Collections.unmodifiableList(new ArrayList<>(unique));
  }

  /** Waits for {@code consumerIds} with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
  public static AwaitConsumers of(String... consumerIds) {
    return new AwaitConsumers(Arrays.asList(consumerIds), DEFAULT_TIMEOUT);
  }

  /** Waits for {@code consumerIds} for at most {@code timeout}. */
  public static AwaitConsumers of(List<String> consumerIds, Duration timeout) {
    return new AwaitConsumers(consumerIds, timeout);
  }

  /** Returns true if no consumer is named, so the request does not wait. */
  public boolean isEmpty() {
    return consumerIds.isEmpty();
  }
}
