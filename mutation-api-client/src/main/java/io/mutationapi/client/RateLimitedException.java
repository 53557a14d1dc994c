package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 429 Too Many Requests: the server or the upstream is limiting this caller.
 *
 * <p>The client retries 429 itself, waiting as {@link #retryAfter()} says, so this is thrown only
 * when the retries ran out or when the wait the server asked for would not fit in the remaining
 * total deadline. This answer applied nothing; if {@link #isOutcomeUnknown()} is true an earlier
 * attempt may have, so send the request again after {@link #retryAfter()} with the same {@link
 * #idempotencyKey()}.
 */
public final class RateLimitedException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  RateLimitedException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
