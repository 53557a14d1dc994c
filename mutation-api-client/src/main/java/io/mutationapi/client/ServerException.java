package io.mutationapi.client;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * A 5xx the client could not recover from: an internal error (500) or an unavailable server (503)
 * that stayed unavailable through the retries.
 *
 * <p>The client retries 503 (honouring {@code Retry-After}) but never 500, since the server may
 * have done part of the work; retry a create only with the same idempotency key. Other 5xx statuses
 * that no subclass covers are thrown as this class too. The await timeout, also a 500, is a {@link
 * ConsumersTimeoutException} instead, because its mutation was applied; so is a 503 whose body
 * names applied records, an {@link AppliedButUnavailableException}, which is never retried.
 */
public final class ServerException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  ServerException(MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }
}
