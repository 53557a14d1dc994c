package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 403 Forbidden: the token is valid but may not mutate this sync.
 *
 * <p>Never retried.
 */
public final class ForbiddenException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  ForbiddenException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
