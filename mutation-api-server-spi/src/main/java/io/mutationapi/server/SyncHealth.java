package io.mutationapi.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the change capture of one (sync, collection) is doing, as of when it was read: for management
 * endpoints and metrics. Immutable.
 *
 * @param syncId the sync
 * @param collectionId the collection
 * @param lastSuccessfulPoll when a page was last read and published (and its cursor saved)
 * @param caughtUpAt when a poll last reached the end of the upstream's changes: every change made
 *     upstream before it is on the stream
 * @param recordsPublished how many records the capture has published since the server started
 * @param consecutiveFailures how many polls in a row failed; 0 when healthy
 * @param lastError the last failure, as {@code ExceptionClass: message}; kept after recovery
 */
public record SyncHealth(
    String syncId,
    String collectionId,
    Optional<Instant> lastSuccessfulPoll,
    Optional<Instant> caughtUpAt,
    long recordsPublished,
    int consecutiveFailures,
    Optional<String> lastError) {

  /** Validates. */
  public SyncHealth {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(collectionId, "collectionId");
    Objects.requireNonNull(lastSuccessfulPoll, "lastSuccessfulPoll");
    Objects.requireNonNull(caughtUpAt, "caughtUpAt");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** Returns true once the backfill has reached the end of the upstream's changes. */
  public boolean backfilled() {
    return caughtUpAt.isPresent();
  }

  /**
   * Returns the lag at {@code now}: how long since the capture was last caught up, so a change made
   * upstream longer ago than that is on the stream; empty while the backfill runs.
   */
  public Optional<Duration> lag(Instant now) {
    return caughtUpAt.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
  }
}
