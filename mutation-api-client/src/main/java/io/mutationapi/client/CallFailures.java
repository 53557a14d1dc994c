package io.mutationapi.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exceptions that end a call, each saying whether the mutation may have been applied and how to
 * retry safely; and the earlier attempts' failures, which the final exception carries as
 * suppressed.
 */
final class CallFailures {
  /** How many earlier attempts' failures the final exception carries as suppressed. */
  private static final int MAX_SUPPRESSED = 16;

  private final RetryingCall call;
  private final List<Throwable> earlier = new ArrayList<>();

  CallFailures(RetryingCall call) {
    this.call = call;
  }

  /** Keeps the failure of an attempt that is retried, to attach to the final exception. */
  void remember(Throwable failure) {
    synchronized (earlier) {
      if (earlier.size() < MAX_SUPPRESSED) {
        earlier.add(failure);
      }
    }
  }

  /**
   * Gives the exception that ends the call what every such exception carries: the earlier attempts'
   * failures as suppressed, and for an error answer the key and whether the mutation may have been
   * applied.
   */
  RuntimeException finish(RuntimeException failure) {
    synchronized (earlier) {
      for (Throwable t : earlier) {
        if (t != failure && t != failure.getCause()) {
          failure.addSuppressed(t);
        }
      }
      earlier.clear();
    }
    if (failure instanceof MutationServiceException) {
      Failures.describe(
          (MutationServiceException) failure,
          call.idempotencyKey(),
          call.isOutcomeUnknown(),
          call.requestSize());
    }
    return failure;
  }

  /** The blocking call's thread was interrupted during an attempt. */
  MutationIoException interrupted(IOException cause) {
    return io(call.describe() + " was interrupted" + advice(""), cause, call.isOutcomeUnknown());
  }

  /** The blocking call's thread was interrupted while it waited to retry. */
  MutationIoException interruptedWhileWaiting(InterruptedException cause) {
    return io(
        "interrupted while waiting to retry " + call.describe() + advice(""),
        cause,
        call.isOutcomeUnknown());
  }

  /** Something failed in the client itself, not on the wire. */
  MutationIoException inClient(Throwable cause) {
    return io(
        call.describe()
            + " failed in the client: "
            + Text.printable(cause.toString(), Text.MAX_MESSAGE)
            + advice(""),
        cause,
        call.isOutcomeUnknown());
  }

  /** The server said yes, so the mutation was applied; only its answer is unusable. */
  MutationIoException probablyApplied(int status, String what, Throwable cause) {
    return io(
        "HTTP "
            + status
            + " "
            + what
            + ": the mutation was probably applied; do not send it again without idempotency key "
            + call.idempotencyKey(),
        cause,
        true);
  }

  /** The last attempt failed on the wire and no retry is left. */
  MutationIoException failedAfterAttempts(IOException cause) {
    int n = call.attempt();
    return io(
        call.describe()
            + " failed after "
            + n
            + (n == 1 ? " attempt: " : " attempts: ")
            + Text.printable(cause.toString(), 500)
            + advice("; no attempt reached the server"),
        cause,
        call.isOutcomeUnknown());
  }

  /**
   * The total deadline passed; {@code inFlightAttempt} says an attempt was on the wire then, so it
   * may have been applied.
   */
  MutationIoException deadlineExceeded(IOException cause, boolean inFlightAttempt) {
    boolean unknown = call.isOutcomeUnknown() || inFlightAttempt;
    int n = call.attempt();
    return io(
        call.describe()
            + " did not finish within its total deadline of "
            + call.deadline().total().toMillis()
            + " ms ("
            + n
            + (n == 1 ? " attempt)" : " attempts)")
            + (unknown ? unknownAdvice() : ""),
        cause,
        unknown);
  }

  /** The client was closed while the call was in flight or waiting to retry. */
  MutationIoException closed(IOException cause) {
    return io(
        call.describe()
            + " was stopped because the client was closed"
            + advice("; no attempt reached the server"),
        cause,
        call.isOutcomeUnknown());
  }

  private MutationIoException io(String message, Throwable cause, boolean outcomeUnknown) {
    return new MutationIoException(message, cause, outcomeUnknown, call.idempotencyKey());
  }

  /** How to retry when the outcome is unknown, else {@code whenKnown}. */
  private String advice(String whenKnown) {
    return call.isOutcomeUnknown() ? unknownAdvice() : whenKnown;
  }

  private String unknownAdvice() {
    return "; the server may have applied the mutation: to retry safely, send it again with"
        + " idempotency key "
        + call.idempotencyKey();
  }
}
