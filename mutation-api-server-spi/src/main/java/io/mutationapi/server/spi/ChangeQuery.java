package io.mutationapi.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One request of a sync to a {@link ChangeSource}: which collection, from where, how many.
 * Immutable.
 *
 * @param syncId the sync
 * @param collectionId the collection, e.g. {@code salesforce:contact}
 * @param cursor where the previous page ended ({@link ChangePage#cursor()}), or empty to start from
 *     the beginning (a backfill)
 * @param limit the most records the page may hold, at least 1
 * @param notBefore when set, a backfill skips records last changed before it (the hosted product's
 *     {@code max_age_days}); it does not apply once a cursor is given
 */
public record ChangeQuery(
    String syncId,
    String collectionId,
    Optional<String> cursor,
    int limit,
    Optional<Instant> notBefore) {

  /** Validates. */
  public ChangeQuery {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(collectionId, "collectionId");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(notBefore, "notBefore");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
  }
}
