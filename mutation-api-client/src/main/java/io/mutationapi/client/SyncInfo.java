package io.mutationapi.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A sync registered on the server, as {@link Syncs#list()} and {@link Syncs#get(String)} read it
 * ({@code GET /v1/syncs}). Fields the server sends that this version does not know are ignored.
 * Immutable; a snapshot of when it was read.
 *
 * @param id the sync's id, e.g. {@code "my-sync-id"}
 * @param provider the upstream's kind: {@code salesforce}, {@code in_memory} or {@code custom};
 *     kept as sent
 * @param collectionIds the collections it serves
 * @param rateLimit the rate limit of calls to its upstream; empty when it has none
 * @param health how its change capture is doing
 */
public record SyncInfo(
    String id,
    String provider,
    List<String> collectionIds,
    Optional<RateLimitInfo> rateLimit,
    Health health) {

  /** Validates and copies. */
  public SyncInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    collectionIds = List.copyOf(collectionIds);
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(health, "health");
  }

  /**
   * A sync's rate limit.
   *
   * @param allowedRequests calls allowed per interval
   * @param interval the interval
   * @param maxConcurrentRequests calls allowed at once; empty for no limit
   */
  public record RateLimitInfo(
      long allowedRequests, Duration interval, OptionalLong maxConcurrentRequests) {
    /** Validates. */
    public RateLimitInfo {
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(maxConcurrentRequests, "maxConcurrentRequests");
    }
  }

  /**
   * How a sync is doing.
   *
   * @param status {@code healthy} or {@code failing} (change capture of one of its collections
   *     failed its last poll); kept as sent
   * @param collections each captured collection's state; empty without change capture
   */
  public record Health(String status, List<CollectionHealth> collections) {
    /** Validates and copies. */
    public Health {
      Objects.requireNonNull(status, "status");
      collections = List.copyOf(collections);
    }

    /** Returns true if the status is {@code healthy}. */
    public boolean isHealthy() {
      return "healthy".equals(status);
    }
  }

  /**
   * The change capture of one collection.
   *
   * @param collectionId the collection
   * @param lastSuccessfulPoll when a page was last read and published; empty if never
   * @param caughtUpAt when a poll last reached the end of the upstream's changes; empty if never
   * @param recordsPublished records the capture has published since the server started
   * @param consecutiveFailures how many polls in a row failed; 0 when healthy
   * @param lastError the class of the last failure, never its message; empty if none
   */
  public record CollectionHealth(
      String collectionId,
      Optional<Instant> lastSuccessfulPoll,
      Optional<Instant> caughtUpAt,
      long recordsPublished,
      long consecutiveFailures,
      Optional<String> lastError) {
    /** Validates. */
    public CollectionHealth {
      Objects.requireNonNull(collectionId, "collectionId");
      Objects.requireNonNull(lastSuccessfulPoll, "lastSuccessfulPoll");
      Objects.requireNonNull(caughtUpAt, "caughtUpAt");
      Objects.requireNonNull(lastError, "lastError");
    }
  }
}
