package io.mutationapi.client;

import io.mutationapi.MutationError;
import io.mutationapi.Record;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * 400 Bad Request: the request is invalid and will fail the same way if sent again. Fix it first.
 *
 * <p>The message names the JSON path of the problem (e.g. {@code records[3].upstream_id}). The code
 * tells validation of the request ({@code validation_error}), an unknown or unsubscribed awaited
 * consumer ({@code unknown_consumer}, {@code consumer_not_subscribed}) and the upstream rejecting
 * the data ({@code upstream_validation_error}) apart.
 *
 * <p>Nothing was applied upstream, except in a <b>partial failure</b>: an upstream that cannot
 * apply a batch atomically applied some records and rejected others. Then {@link #records()} holds
 * the applied records, {@link #failures()} the rejected ones by request index, the message says how
 * many were applied (e.g. "1 of 2 records were applied"), and {@link #isOutcomeUnknown()} is true:
 * send only the failed records again, never the whole batch, which would apply the others twice.
 */
public final class BadRequestException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  BadRequestException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }

  /** Returns the records that were applied before a partial failure; empty if none were. */
  public List<Record> records() {
    return error().records();
  }

  /**
   * Returns the records that failed, by their index in the request; empty if the server sent none.
   */
  public List<MutationError.Failure> failures() {
    return error().failures();
  }

  /** Returns true if some records were applied despite the error (a partial failure). */
  public boolean isPartialFailure() {
    return !records().isEmpty();
  }
}
