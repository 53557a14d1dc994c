package io.mutationapi.client;

import io.mutationapi.Record;
import java.util.Objects;

/**
 * One message handed out by an HTTP consumer's {@code next}: a record to process, and the token
 * that acks it. From {@link MessageBatch#messages()}.
 *
 * <p>The message is invisible to other workers until it is {@linkplain PullConsumer#ack acked},
 * {@linkplain PullConsumer#nack nacked}, or the consumer's ack wait passes; then it is handed out
 * again with a new token and a higher {@code deliveryCount}, and this token is expired. Immutable;
 * {@link #toString()} shows neither the token nor record data.
 *
 * @param ackToken the opaque token that acks or nacks this delivery; valid only for the principal
 *     that pulled it
 * @param record the record as the server published it, parsed as the mutation endpoint's records
 *     are (unknown fields kept in {@link Record#extensions()})
 * @param deliveryCount how many times the message has been handed out, this time included; 0 when
 *     the server does not say (the hosted API)
 */
public record ConsumerMessage(String ackToken, Record record, int deliveryCount) {
  /** Validates. */
  public ConsumerMessage {
    Objects.requireNonNull(ackToken, "ackToken");
    if (ackToken.isEmpty()) {
      throw new IllegalArgumentException("ackToken must not be empty");
    }
    Objects.requireNonNull(record, "record");
    if (deliveryCount < 0) {
      throw new IllegalArgumentException("deliveryCount must not be negative: " + deliveryCount);
    }
  }

  /** Returns the record's collection, upstream id and delivery count; no token, no data. */
  @Override
  public String toString() {
    return "ConsumerMessage{"
        + record.collectionId()
        + "/"
        + record.upstreamId()
        + ", deliveryCount="
        + deliveryCount
        + "}";
  }
}
