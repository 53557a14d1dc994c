package io.mutationapi.client;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@link PullConsumer#ack ack} or {@link PullConsumer#nack nack} did: how many tokens were
 * handled, and which were rejected and why.
 *
 * <p>A rejected token is a result, not an exception, because the call itself succeeded: every other
 * token <b>was</b> handled and must not be sent again as a batch, and nothing about a rejected
 * token can be fixed by retrying it (an unknown token stays unknown, an expired one stays expired).
 * An expired token is routine in at-least-once delivery: the worker took longer than the consumer's
 * ack wait, the message was handed out again and the newer delivery will be acked. So the usual
 * worker loop acks and goes on, logging {@link #rejections()} if it likes; a worker that must know
 * it was the one whose ack counted checks {@link #isComplete()}. (Our server answers such an ack
 * {@code 400} with {@code failures}; the client reads that answer into this value.)
 *
 * <p>Immutable; {@link #toString()} shows no token.
 *
 * @param handled how many tokens were acked (or nacked)
 * @param rejections the tokens that were not, in request order
 */
public record AckResult(int handled, List<Rejection> rejections) {
  /** Validates and copies. */
  public AckResult {
    if (handled < 0) {
      throw new IllegalArgumentException("handled must not be negative: " + handled);
    }
    rejections = List.copyOf(Objects.requireNonNull(rejections, "rejections"));
  }

  /** Returns true if every token sent was handled. */
  public boolean isComplete() {
    return rejections.isEmpty();
  }

  /** Returns the counts, and each rejection's index and reason; never a token. */
  @Override
  public String toString() {
    return "AckResult{handled=" + handled + ", rejections=" + rejections + "}";
  }

  /** Why the server did not handle a token. */
  public enum Reason {
    /**
     * The server node never issued this token to this principal for this consumer, issued it before
     * it restarted, or the token is malformed; the server does not say which.
     */
    UNKNOWN,
    /**
     * The message was handed out again after the ack wait (only the newest delivery's token
     * counts), or dropped after the consumer's {@code max_deliver} deliveries.
     */
    EXPIRED,
    /** Another reason, which this version of the client does not know; see the message. */
    OTHER;

    static Reason of(String message) {
      String m = message.toLowerCase(Locale.ROOT);
      if (m.contains("expired")) {
        return EXPIRED;
      }
      if (m.contains("unknown")) {
        return UNKNOWN;
      }
      return OTHER;
    }
  }

  /**
   * One token the server did not handle.
   *
   * @param index the token's index in the call
   * @param ackToken the token
   * @param reason why, as far as this client can tell
   * @param message the server's words, e.g. {@code "ack token expired"}
   */
  public record Rejection(int index, String ackToken, Reason reason, String message) {
    /** Validates. */
    public Rejection {
      if (index < 0) {
        throw new IllegalArgumentException("index must not be negative: " + index);
      }
      Objects.requireNonNull(ackToken, "ackToken");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** Returns the index, reason and message; never the token. */
    @Override
    public String toString() {
      return "[" + index + "] " + reason + " (" + Text.printable(message, Text.MAX_SHORT) + ")";
    }
  }
}
