package io.mutationapi.server.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One registered consumer, as {@code GET /v1/consumers/{id}} reports it. Immutable.
 *
 * @param id its id
 * @param kind {@code http}, {@code jdbc}, {@code webhook}, {@code remote}, {@code in_memory} or
 *     {@code custom}; see {@link Consumer#kind()}
 * @param collectionIds the collections it consumes, in registration order
 * @param lag events on the stream it has not processed yet; empty if the stream cannot tell
 * @param pendingAwaits requests on this node waiting for it now
 * @param health how its deliveries are doing
 * @param http its settings and counts, for an HTTP consumer only
 */
public record ConsumerSummary(
    String id,
    String kind,
    List<String> collectionIds,
    OptionalLong lag,
    int pendingAwaits,
    ConsumerHealthSummary health,
    Optional<HttpConsumerSummary> http) {
  /** Validates and copies. */
  public ConsumerSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    collectionIds = List.copyOf(collectionIds);
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(http, "http");
  }
}
