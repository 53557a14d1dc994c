package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 409 or 422: the idempotency key collides with another request.
 *
 * <p>{@linkplain #isInProgress() 409}: a request with the same key is still running. The client
 * retries this itself, so it is thrown only when the first request outlasted the retries; its
 * outcome is not known yet, so repeat the same request with the same key later. 422: the key was
 * used before with a different body, which is a bug in the caller: an idempotency key names one
 * logical request.
 */
public final class IdempotencyConflictException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  IdempotencyConflictException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }

  /** Returns true if the first request with this key is still running (409). */
  public boolean isInProgress() {
    return code().map(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS::equals).orElse(status() == 409);
  }

  /** Returns true if the key was used before with a different body (422). */
  public boolean isReused() {
    return code().map(ErrorCode.IDEMPOTENCY_KEY_REUSED::equals).orElse(status() == 422);
  }
}
