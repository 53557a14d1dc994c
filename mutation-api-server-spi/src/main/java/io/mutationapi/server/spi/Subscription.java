package io.mutationapi.server.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A consumer registered with the server: its id, the collections it consumes, and the consumer.
 * Immutable.
 *
 * @param consumerId the id requests name in {@code await_consumer_ids}
 * @param collectionIds the collections it consumes, e.g. {@code "salesforce:contact"}
 * @param consumer the consumer
 */
public record Subscription(String consumerId, Set<String> collectionIds, Consumer consumer) {
  /** Validates and copies. */
  public Subscription {
    if (consumerId == null || consumerId.isEmpty()) {
      throw new IllegalArgumentException("consumerId must not be null or empty");
    }
    collectionIds = Set.copyOf(collectionIds);
    if (collectionIds.isEmpty()) {
      throw new IllegalArgumentException(
          "consumer '" + consumerId + "' must consume at least one collection");
    }
    Objects.requireNonNull(consumer, "consumer");
  }

  /** Returns true if the consumer consumes {@code collectionId}. */
  public boolean consumes(String collectionId) {
    return collectionIds.contains(collectionId);
  }
}
