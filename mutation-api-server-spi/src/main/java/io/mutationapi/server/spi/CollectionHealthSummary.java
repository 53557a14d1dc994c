package io.mutationapi.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the change capture of one collection of a sync is doing. Immutable.
 *
 * @param collectionId the collection
 * @param lastSuccessfulPoll when a page was last read and published
 * @param caughtUpAt when a poll last reached the end of the upstream's changes; empty during the
 *     backfill
 * @param recordsPublished records published since the server started
 * @param consecutiveFailures polls in a row that failed; 0 when healthy
 * @param lastError the last failure's message, without record data or secrets
 */
public record CollectionHealthSummary(
    String collectionId,
    Optional<Instant> lastSuccessfulPoll,
    Optional<Instant> caughtUpAt,
    long recordsPublished,
    int consecutiveFailures,
    Optional<String> lastError) {
  /** Validates. */
  public CollectionHealthSummary {
    Objects.requireNonNull(collectionId, "collectionId");
    Objects.requireNonNull(lastSuccessfulPoll, "lastSuccessfulPoll");
    Objects.requireNonNull(caughtUpAt, "caughtUpAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
