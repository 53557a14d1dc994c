package io.mutationapi.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A consumer registered on the server and its state, as {@link Consumers#list()} and {@link
 * Consumers#get(String)} read it ({@code GET /v1/consumers}). Fields the server sends that this
 * version does not know are ignored. Immutable; a snapshot of when it was read.
 *
 * @param id the consumer's id, e.g. {@code "local-db"}
 * @param kind {@code http}, {@code jdbc}, {@code webhook}, {@code remote} (runs in another process)
 *     or {@code custom}; kept as sent, so a kind this version does not know is kept too
 * @param collectionIds the collections it consumes
 * @param lag events on the stream it has not processed yet; empty if the stream cannot tell
 * @param pendingAwaits requests on the server node waiting for it now
 * @param health whether its last attempt failed
 * @param http the settings and counts of an HTTP consumer; empty for the other kinds
 */
public record ConsumerInfo(
    String id,
    String kind,
    List<String> collectionIds,
    OptionalLong lag,
    long pendingAwaits,
    Health health,
    Optional<HttpDetails> http) {

  /** The {@code kind} of an HTTP consumer, pulled with {@link MutationClient#consumers(String)}. */
  public static final String KIND_HTTP = "http";

  /** Validates and copies. */
  public ConsumerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    collectionIds = List.copyOf(collectionIds);
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(http, "http");
  }

  /** Returns true if it is an HTTP consumer. */
  public boolean isHttp() {
    return KIND_HTTP.equals(kind);
  }

  /**
   * How a consumer is doing.
   *
   * @param status {@code healthy}, {@code failing} (its last delivery failed; it is being retried)
   *     or {@code unknown} (the stream does not report it, e.g. Kafka); kept as sent
   * @param consecutiveFailures how many attempts in a row failed; 0 when healthy
   * @param lastError the class of the last failure, e.g. {@code java.sql.SQLException}, never its
   *     message (which may quote record data: it is in the server's log); kept after recovery;
   *     empty if none
   * @param lastErrorAt when it happened; empty if never
   */
  public record Health(
      String status,
      long consecutiveFailures,
      Optional<String> lastError,
      Optional<Instant> lastErrorAt) {
    /** Validates. */
    public Health {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(lastError, "lastError");
      Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    /** Returns true if the status is {@code healthy}. */
    public boolean isHealthy() {
      return "healthy".equals(status);
    }
  }

  /**
   * The settings and counts of an HTTP consumer.
   *
   * @param ackWait how long a handed-out message stays invisible without an ack
   * @param maxAckPending how many messages may be handed out and not acked at once
   * @param maxDeliver deliveries of one message before it is dropped; -1 for no limit
   * @param deliverPolicy where a new consumer starts: {@code all} or {@code new}
   * @param numPending messages held for it and not handed out
   * @param numAckPending messages handed out and not acked yet
   */
  public record HttpDetails(
      Duration ackWait,
      long maxAckPending,
      long maxDeliver,
      String deliverPolicy,
      long numPending,
      long numAckPending) {
    /** Validates. */
    public HttpDetails {
      Objects.requireNonNull(ackWait, "ackWait");
      Objects.requireNonNull(deliverPolicy, "deliverPolicy");
    }
  }
}
