package io.mutationapi.server.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings and counts of an HTTP (pull) consumer, as the Management API reports them.
 * Immutable.
 *
 * @param ackWait {@code ack_wait_ms}
 * @param maxAckPending {@code max_ack_pending}
 * @param maxDeliver {@code max_deliver}; -1 for no limit
 * @param deliverPolicy {@code deliver_policy} as on the wire: {@code all} or {@code new}
 * @param numPending messages this node holds for it that are not handed out
 * @param numAckPending messages handed out and not yet acked
 */
public record HttpConsumerSummary(
    Duration ackWait,
    int maxAckPending,
    int maxDeliver,
    String deliverPolicy,
    long numPending,
    long numAckPending) {
  /** Validates. */
  public HttpConsumerSummary {
    Objects.requireNonNull(ackWait, "ackWait");
    Objects.requireNonNull(deliverPolicy, "deliverPolicy");
  }
}
