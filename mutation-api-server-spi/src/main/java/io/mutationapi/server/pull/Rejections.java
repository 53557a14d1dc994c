package io.mutationapi.server.pull;

import io.mutationapi.server.spi.AckOutcome.Reason;
import io.mutationapi.server.spi.AckOutcome.RejectedToken;

/** The rejections of single ack tokens, with the messages docs/WIRE.md gives them. */
final class Rejections {
  private Rejections() {}

  /** Not issued by this process to this principal for this consumer, or malformed. */
  static RejectedToken unknown(int index) {
    return new RejectedToken(index, Reason.UNKNOWN, prefix(index) + "unknown ack token");
  }

  /** The message was handed out again after its ack wait: an older delivery's token. */
  static RejectedToken redelivered(int index) {
    return new RejectedToken(
        index,
        Reason.EXPIRED,
        prefix(index)
            + "ack token expired: the message was handed out again after ack_wait_ms; only its"
            + " newest delivery's token counts");
  }

  /** The message was dropped after its last delivery; {@code reason} says after how many. */
  static RejectedToken dropped(int index, String reason) {
    return new RejectedToken(
        index, Reason.EXPIRED, prefix(index) + "ack token expired: the message was " + reason);
  }

  private static String prefix(int index) {
    return "ack_tokens[" + index + "]: ";
  }
}
