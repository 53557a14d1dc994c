package io.mutationapi.server.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered sync, as {@code GET /v1/syncs/{id}} reports it. Immutable.
 *
 * @param id its id
 * @param provider its upstream's kind; see {@link Upstream#kind()}
 * @param collectionIds the collections it serves, in registration order
 * @param rateLimit its rate limit; empty when it has none
 * @param status {@code failing} while the change capture of one of its collections fails; {@code
 *     healthy} otherwise (also without change capture)
 * @param collections each captured collection's health; empty without change capture
 */
public record SyncSummary(
    String id,
    String provider,
    List<String> collectionIds,
    Optional<RateLimitSummary> rateLimit,
    HealthStatus status,
    List<CollectionHealthSummary> collections) {
  /** Validates and copies. */
  public SyncSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    collectionIds = List.copyOf(collectionIds);
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(status, "status");
    collections = List.copyOf(collections);
  }
}
