package io.mutationapi.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one consumer, as the Management API reports it. Immutable.
 *
 * @param status {@code failing} while its last delivery failed
 * @param consecutiveFailures how many deliveries in a row failed; 0 when healthy
 * @param lastError the last failure's message, without record data or secrets
 * @param lastErrorAt when it happened
 */
public record ConsumerHealthSummary(
    HealthStatus status,
    int consecutiveFailures,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt) {
  /** Validates. */
  public ConsumerHealthSummary {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
  }
}
