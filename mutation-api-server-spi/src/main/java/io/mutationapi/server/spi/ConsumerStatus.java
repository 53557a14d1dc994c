package io.mutationapi.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one consumer is doing on a {@link ChangeStream}, as far as the stream can tell. Immutable.
 *
 * @param lag events on the stream the consumer has not processed yet; empty if unknown
 * @param consecutiveFailures how many deliveries in a row failed; 0 after a success
 * @param lastError the last failure's message, without record data; kept after recovery
 * @param lastErrorAt when the last failure happened
 * @param known whether the stream reports health at all; false for {@link #UNKNOWN}
 */
public record ConsumerStatus(
    OptionalLong lag,
    int consecutiveFailures,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt,
    boolean known) {

  /** What a stream that does not report on its consumers answers. */
  public static final ConsumerStatus UNKNOWN =
      new ConsumerStatus(OptionalLong.empty(), 0, Optional.empty(), Optional.empty(), false);

  /** Validates. */
  public ConsumerStatus {
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "consecutiveFailures must not be negative: " + consecutiveFailures);
    }
  }
}
