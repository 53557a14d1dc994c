package io.mutationapi.server.spi;

import io.mutationapi.MutationError;
import java.util.List;
import java.util.Objects;

/** What {@link ConsumeService#ack} and {@link ConsumeService#nack} answer. */
public sealed interface AckOutcome {

  /**
   * The tokens were handled; those in {@code rejected} could not be, the others were.
   *
   * @param done how many tokens were acked (or nacked)
   * @param rejected the tokens that were not, in request order
   */
  record Done(int done, List<RejectedToken> rejected) implements AckOutcome {
    /** Validates and copies. */
    public Done {
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * The whole call was refused and nothing was acked: an unknown or hidden consumer ({@code 404}),
   * a bad argument ({@code 400}).
   *
   * @param error the error body and status
   */
  record Refused(MutationError error) implements AckOutcome {
    /** Validates. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * One token that could not be acked or nacked.
   *
   * @param index its index in the request's {@code ack_tokens}
   * @param reason why
   * @param message a message for people, naming {@code ack_tokens[index]} and what to do
   */
  record RejectedToken(int index, Reason reason, String message) {
    /** Validates. */
    public RejectedToken {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a token was rejected. */
  enum Reason {
    /**
     * The server node never issued this token to this principal for this consumer (or issued it
     * before it restarted, or it is malformed); which of these is never said.
     */
    UNKNOWN,
    /**
     * The token's delivery is over: the message was handed out again after its ack wait, or was
     * dropped after {@code max_deliver} deliveries. The new delivery's token must be used.
     */
    EXPIRED
  }
}
