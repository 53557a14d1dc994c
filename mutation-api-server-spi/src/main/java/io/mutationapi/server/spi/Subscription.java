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
 * @param start where the consumer starts when it has no progress on the stream yet
 */
public record Subscription(
    String consumerId, Set<String> collectionIds, Consumer consumer, Start start) {

  /** Where a consumer that has no progress on the stream yet starts reading it. */
  public enum Start {
    /** At the oldest event the stream still holds: the default. */
    EARLIEST,
    /** At the end: only events published after the consumer first started. */
    LATEST
  }

  /** A subscription that starts at the {@link Start#EARLIEST earliest} event. */
  public Subscription(String consumerId, Set<String> collectionIds, Consumer consumer) {
    this(consumerId, collectionIds, consumer, Start.EARLIEST);
  }

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
    Objects.requireNonNull(start, "start");
  }

  /** Returns true if the consumer consumes {@code collectionId}. */
  public boolean consumes(String collectionId) {
    return collectionIds.contains(collectionId);
  }
}
