package io.mutationapi.server;

import io.mutationapi.server.spi.Subscription;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link MutationServer.Builder} registered: syncs, consumers and rate limits, and the check
 * that they fit together, which {@link MutationServer.Builder#build()} runs first.
 */
final class Registrations {
  private final Map<String, MutationEngine.Sync> syncs = new LinkedHashMap<>();
  private final Map<String, Subscription> consumers = new LinkedHashMap<>();
  private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
  private final Set<String> duplicates = new LinkedHashSet<>();

  void sync(MutationEngine.Sync sync) {
    if (syncs.containsKey(sync.syncId())) {
      duplicates.add("sync '" + sync.syncId() + "'");
    }
    syncs.put(sync.syncId(), sync);
  }

  void consumer(Subscription subscription) {
    if (consumers.containsKey(subscription.consumerId())) {
      duplicates.add("consumer '" + subscription.consumerId() + "'");
    }
    consumers.put(subscription.consumerId(), subscription);
  }

  void rateLimit(String syncId, RateLimit limit) {
    rateLimits.put(syncId, limit);
  }

  Map<String, MutationEngine.Sync> syncs() {
    return syncs;
  }

  Map<String, Subscription> consumers() {
    return consumers;
  }

  /** The rate limits set, by sync id; syncs without one are absent. */
  Map<String, RateLimit> rateLimits() {
    return rateLimits;
  }

  /**
   * Checks the registrations against each other.
   *
   * @throws IllegalStateException naming the problem: no sync, a sync or consumer registered twice,
   *     a sync without collections, a consumer of a collection no sync serves, or a rate limit of a
   *     sync not registered
   */
  void validate() {
    if (syncs.isEmpty()) {
      throw new IllegalStateException(
          "at least one sync is required: call sync(syncId, upstream, collectionIds...)");
    }
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException(
          "registered more than once: "
              + String.join(", ", duplicates)
              + "; each id may be registered once");
    }
    Set<String> served = new LinkedHashSet<>();
    for (MutationEngine.Sync sync : syncs.values()) {
      if (sync.collectionIds().isEmpty()) {
        throw new IllegalStateException(
            "sync '" + sync.syncId() + "' serves no collection: name them in sync(...)");
      }
      served.addAll(sync.collectionIds());
    }
    for (Subscription subscription : consumers.values()) {
      for (String collectionId : subscription.collectionIds()) {
        if (!served.contains(collectionId)) {
          throw new IllegalStateException(
              "consumer '"
                  + subscription.consumerId()
                  + "' consumes collection '"
                  + collectionId
                  + "', which no sync serves; served: "
                  + served);
        }
      }
    }
    for (String syncId : rateLimits.keySet()) {
      if (!syncs.containsKey(syncId)) {
        throw new IllegalStateException(
            "rateLimit names sync '" + syncId + "', which is not registered: " + syncs.keySet());
      }
    }
  }

  /** One gate per sync: its rate limit, or {@link RateLimit#UNLIMITED}. */
  Map<String, RateLimiter> rateLimiters() {
    Map<String, RateLimiter> gates = new LinkedHashMap<>();
    for (String syncId : syncs.keySet()) {
      gates.put(
          syncId,
          new RateLimiter(
              syncId, rateLimits.getOrDefault(syncId, RateLimit.UNLIMITED), System::nanoTime));
    }
    return gates;
  }
}
