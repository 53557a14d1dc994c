package io.mutationapi.client;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link PullConsumer#next} returned: the messages handed out (possibly none, when a long
 * poll passed without one) and the consumer's counts at that moment. Immutable.
 *
 * @param messages the messages, at most the batch size asked for; empty when none was ready
 * @param numPending messages the server node holds for the consumer that are not handed out (more
 *     may still be on the stream)
 * @param numAckPending messages handed out and not acked yet, these included
 */
public record MessageBatch(List<ConsumerMessage> messages, long numPending, long numAckPending) {
  /** Validates and copies. */
  public MessageBatch {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (numPending < 0 || numAckPending < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: numPending="
              + numPending
              + ", numAckPending="
              + numAckPending);
    }
  }

  /** Returns true if no message was handed out. */
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** Returns the ack tokens of the messages, in order. */
  public List<String> ackTokens() {
    return messages.stream().map(ConsumerMessage::ackToken).toList();
  }
}
