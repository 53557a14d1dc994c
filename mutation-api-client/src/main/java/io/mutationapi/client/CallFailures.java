package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exceptions that end a call, each saying whether the mutation may have been applied and how to
 * retry safely: the {@link MutationIoException}s made here, and an error answer's {@link
 * MutationServiceException} completed here (the key, the outcome, a partial failure's count). The
 * earlier attempts' failures are kept here too, and the final exception carries them as suppressed.
 */
final class CallFailures {
  /** The most failed records a message names; the rest are counted. */
  private static final int MAX_NAMED = 5;

  /** How many earlier attempts' failures the final exception carries as suppressed. */
  private static final int MAX_SUPPRESSED = 16;

  private final RetryingCall<?> call;
  private final List<Throwable> earlier = new ArrayList<>();

  CallFailures(RetryingCall<?> call) {
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
      call.spec().explain((MutationServiceException) failure, call.isOutcomeUnknown());
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

  /**
   * The server said yes to a call that is not a mutation, but its answer is unusable; {@code
   * consequence} says what that leaves, e.g. "messages may have been handed out".
   */
  MutationIoException unusableAnswer(int status, String what, Throwable cause, String consequence) {
    return io("HTTP " + status + " " + what + ": " + consequence, cause, true);
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
    return call.spec().unknownOutcomeAdvice();
  }

  /**
   * Adds to an error answer's exception the idempotency key, whether the mutation may have been
   * applied, and for a partial failure how much was applied and what to send again.
   */
  static void explainMutation(
      MutationServiceException e, String idempotencyKey, boolean outcomeUnknown, int requestSize) {
    MutationError error = e.error();
    boolean consumersTimeout = e instanceof ConsumersTimeoutException;
    boolean appliedUnavailable = e instanceof AppliedButUnavailableException;
    boolean partial = !consumersTimeout && !appliedUnavailable && !error.records().isEmpty();
    StringBuilder sb = new StringBuilder();
    if (appliedUnavailable) {
      sb.append(". ")
          .append(error.records().size())
          .append(" of ")
          .append(requestSize)
          .append(requestSize == 1 ? " record was applied" : " records were applied");
    } else if (partial || (!consumersTimeout && !error.failures().isEmpty())) {
      sb.append(". ")
          .append(error.records().size())
          .append(" of ")
          .append(requestSize)
          .append(requestSize == 1 ? " record was applied" : " records were applied");
      List<MutationError.Failure> failures = error.failures();
      for (int i = 0; i < failures.size() && i < MAX_NAMED; i++) {
        MutationError.Failure f = failures.get(i);
        sb.append(i == 0 ? "; failed: " : ", ")
            .append("records[")
            .append(f.index())
            .append("] (")
            .append(Text.printable(f.error(), Text.MAX_SHORT))
            .append(')');
      }
      if (failures.size() > MAX_NAMED) {
        sb.append(" and ").append(failures.size() - MAX_NAMED).append(" more");
      }
      if (partial) {
        sb.append(
            ". Do not send the whole batch again: send only the records that failed (failures()"
                + " has their indexes, records() the applied records)");
      }
    }
    if (consumersTimeout || appliedUnavailable) {
      sb.append(" (idempotency key ").append(idempotencyKey).append(')');
    } else if (outcomeUnknown && !partial) {
      sb.append(". An attempt may have applied the mutation: to retry safely, send it again with")
          .append(" idempotency key ")
          .append(idempotencyKey);
    }
    e.attempted(
        idempotencyKey,
        outcomeUnknown || partial || consumersTimeout || appliedUnavailable,
        sb.toString());
  }
}
