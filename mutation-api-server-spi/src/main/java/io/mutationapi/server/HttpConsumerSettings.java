package io.mutationapi.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of an HTTP (pull) consumer, as the hosted Consume API names them. Immutable.
 *
 * @param ackWait how long a handed-out message stays invisible to other workers before it is handed
 *     out again ({@code ack_wait_ms}); positive
 * @param maxAckPending the most messages handed out and not yet acked; at the limit, pulls get no
 *     more until acks arrive ({@code max_ack_pending}); positive
 * @param maxDeliver the most times one message is handed out; after that it is dropped and requests
 *     awaiting it are answered {@code record_not_applied} ({@code max_deliver}); positive, or
 *     {@link #UNLIMITED_DELIVERIES}
 * @param deliverPolicy where a consumer with no progress yet starts
 */
public record HttpConsumerSettings(
    Duration ackWait, int maxAckPending, int maxDeliver, DeliverPolicy deliverPolicy) {

  /** {@code max_deliver} without a limit: -1. */
  public static final int UNLIMITED_DELIVERIES = -1;

  /** The defaults: ack wait 30 s, 1,000 pending acks, unlimited deliveries, policy {@code all}. */
  public static final HttpConsumerSettings DEFAULTS =
      new HttpConsumerSettings(
          Duration.ofSeconds(30), 1000, UNLIMITED_DELIVERIES, DeliverPolicy.ALL);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public HttpConsumerSettings {
    Objects.requireNonNull(ackWait, "ackWait");
    Objects.requireNonNull(deliverPolicy, "deliverPolicy");
    if (ackWait.isNegative() || ackWait.isZero()) {
      throw new IllegalArgumentException("ack_wait_ms must be positive: " + ackWait);
    }
    if (maxAckPending < 1) {
      throw new IllegalArgumentException("max_ack_pending must be positive: " + maxAckPending);
    }
    if (maxDeliver < 1 && maxDeliver != UNLIMITED_DELIVERIES) {
      throw new IllegalArgumentException(
          "max_deliver must be positive, or -1 for no limit: " + maxDeliver);
    }
  }

  /** Returns these settings with {@code ackWait}. */
  public HttpConsumerSettings withAckWait(Duration ackWait) {
    return new HttpConsumerSettings(ackWait, maxAckPending, maxDeliver, deliverPolicy);
  }

  /** Returns these settings with {@code maxAckPending}. */
  public HttpConsumerSettings withMaxAckPending(int maxAckPending) {
    return new HttpConsumerSettings(ackWait, maxAckPending, maxDeliver, deliverPolicy);
  }

  /** Returns these settings with {@code maxDeliver}. */
  public HttpConsumerSettings withMaxDeliver(int maxDeliver) {
    return new HttpConsumerSettings(ackWait, maxAckPending, maxDeliver, deliverPolicy);
  }

  /** Returns these settings with {@code deliverPolicy}. */
  public HttpConsumerSettings withDeliverPolicy(DeliverPolicy deliverPolicy) {
    return new HttpConsumerSettings(ackWait, maxAckPending, maxDeliver, deliverPolicy);
  }

  /** Where a consumer that has no progress on the stream yet starts ({@code deliver_policy}). */
  public enum DeliverPolicy {
    /** Every record the stream still holds ({@code "all"}). */
    ALL,
    /** Only records published after the consumer first started ({@code "new"}). */
    NEW
  }
}
