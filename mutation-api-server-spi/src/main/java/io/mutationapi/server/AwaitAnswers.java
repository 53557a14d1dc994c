package io.mutationapi.server;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.NotApplied;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.ServerObserver;
import java.util.List;

/**
 * The answer to a request whose await ended: success, {@code consumers_timeout} naming the pending
 * consumers, or {@code record_not_applied} naming the consumer and the record it skipped. Either
 * error carries the records and the consistency token a success would.
 */
final class AwaitAnswers {
  private AwaitAnswers() {}

  /** How an await ended, for the observer: {@code error} if it failed, else {@code outcome}. */
  static ServerObserver.AwaitResult result(AwaitOutcome outcome, Throwable error) {
    if (error != null || outcome == null) {
      return ServerObserver.AwaitResult.FAILED;
    }
    if (outcome.isComplete()) {
      return ServerObserver.AwaitResult.COMPLETED;
    }
    return outcome.pendingConsumerIds().isEmpty()
        ? ServerObserver.AwaitResult.NOT_APPLIED
        : ServerObserver.AwaitResult.TIMED_OUT;
  }

  /**
   * Returns the outcome of an await on {@code positions}, one per record of {@code result}, in
   * order.
   */
  static MutationOutcome of(AwaitOutcome outcome, MutationResult result, List<Position> positions) {
    if (outcome.isComplete()) {
      return new MutationOutcome.Success(result);
    }
    if (outcome.pendingConsumerIds().isEmpty()) {
      return notApplied(outcome.notApplied(), result, positions);
    }
    List<String> pending = outcome.pendingConsumerIds();
    return withToken(
        MutationError.of(
                ErrorCode.CONSUMERS_TIMEOUT,
                "Timed out waiting for consumers: " + String.join(", ", pending))
            .withPendingConsumerIds(pending)
            .withRecords(result.records()),
        result);
  }

  /**
   * An awaited consumer skipped a record it could not apply: the write happened upstream but cannot
   * be read from that consumer, so the answer names both rather than claiming success.
   */
  private static MutationOutcome notApplied(
      List<NotApplied> skipped, MutationResult result, List<Position> positions) {
    NotApplied first = skipped.get(0);
    int index = positions.indexOf(first.position());
    String record = index < 0 ? "at " + first.position() : describe(result.records().get(index));
    String more = skipped.size() == 1 ? "" : " (and " + (skipped.size() - 1) + " more)";
    return withToken(
        MutationError.of(
                ErrorCode.RECORD_NOT_APPLIED,
                "Consumer "
                    + first.consumerId()
                    + " did not apply record "
                    + record
                    + ": "
                    + first.reason()
                    + more)
            .withRecords(result.records()),
        result);
  }

  /** The mutation happened: the error carries the success's consistency token, to wait later. */
  private static MutationOutcome withToken(MutationError error, MutationResult result) {
    return new MutationOutcome.Failure(
        result.consistencyToken().map(error::withConsistencyToken).orElse(error));
  }

  private static String describe(Record r) {
    return r.syncId()
        + "/"
        + r.collectionId()
        + "/"
        + r.upstreamId()
        + (r.updatedIdx().isPresent() ? " (updated_idx " + r.updatedIdx().getAsLong() + ")" : "");
  }
}
