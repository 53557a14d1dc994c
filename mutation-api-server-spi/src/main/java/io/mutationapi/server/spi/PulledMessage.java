package io.mutationapi.server.spi;

import io.mutationapi.Record;
import java.util.Objects;

/**
 * One message handed out by {@link ConsumeService#next}: a record version and the token that acks
 * it. Immutable.
 *
 * @param ackToken opaque; valid for this delivery only, on the server node that issued it, for the
 *     principal that pulled it
 * @param record the record as the stream carries it
 * @param deliveryCount how many times this version has been handed out, this time included (1 the
 *     first time)
 */
public record PulledMessage(String ackToken, Record record, int deliveryCount) {
  /** Validates. */
  public PulledMessage {
    Objects.requireNonNull(ackToken, "ackToken");
    Objects.requireNonNull(record, "record");
    if (deliveryCount < 1) {
      throw new IllegalArgumentException("deliveryCount must be at least 1: " + deliveryCount);
    }
  }
}
