package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 401 Unauthorized: the API token is missing or wrong.
 *
 * <p>Check the token given to {@link MutationClient.Builder#apiToken} or {@code
 * MUTATION_API_TOKEN}. Never retried.
 */
public final class UnauthorizedException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  UnauthorizedException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
