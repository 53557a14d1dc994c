package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.util.List;

/**
 * What the client adds to an error answer's exception once the call has ended: the idempotency key,
 * whether the mutation may have been applied, and for a partial failure, how much was applied and
 * what to send again.
 */
final class Failures {
  /** The most failed records a message names; the rest are counted. */
  private static final int MAX_NAMED = 5;

  private Failures() {}

  static void describe(
      MutationServiceException e, String idempotencyKey, boolean outcomeUnknown, int requestSize) {
    MutationError error = e.error();
    boolean consumersTimeout = e instanceof ConsumersTimeoutException;
    boolean partial = !consumersTimeout && !error.records().isEmpty();
    StringBuilder sb = new StringBuilder();
    if (partial || (!consumersTimeout && !error.failures().isEmpty())) {
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
    if (consumersTimeout) {
      sb.append(" (idempotency key ").append(idempotencyKey).append(')');
    } else if (outcomeUnknown && !partial) {
      sb.append(". An attempt may have applied the mutation: to retry safely, send it again with")
          .append(" idempotency key ")
          .append(idempotencyKey);
    }
    e.attempted(idempotencyKey, outcomeUnknown || partial || consumersTimeout, sb.toString());
  }
}
