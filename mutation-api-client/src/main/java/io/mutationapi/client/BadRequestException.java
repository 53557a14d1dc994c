package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 400 Bad Request: the request is invalid and will fail the same way if sent again. Fix it first.
 *
 * <p>The message names the JSON path of the problem (e.g. {@code records[3].upstream_id}). The code
 * tells validation of the request ({@code validation_error}), an unknown or unsubscribed awaited
 * consumer ({@code unknown_consumer}, {@code consumer_not_subscribed}) and the upstream rejecting
 * the data ({@code upstream_validation_error}) apart; nothing was applied upstream, except the
 * records a partial failure reports in {@link #error()}.
 */
public final class BadRequestException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link MutationServiceException#of}. */
  public BadRequestException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
