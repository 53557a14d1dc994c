package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 404 Not Found: the sync or collection does not exist, or the token cannot see it.
 *
 * <p>Also thrown when the base URL points at something that is not a Mutation API. Never retried.
 */
public final class NotFoundException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  NotFoundException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
