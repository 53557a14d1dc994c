package io.mutationapi.client;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.Optional;

/**
 * 502 or 504: the upstream (e.g. Salesforce) failed or did not answer in time.
 *
 * <p>The client retries these itself (with the same idempotency key), so this is thrown when the
 * upstream stayed unhealthy through the retries. After a {@linkplain #isTimeout() timeout} the
 * upstream may still have applied the change; where it cannot apply a batch atomically, {@link
 * #error()} lists the records that were applied and the ones that failed.
 *
 * <p>The answer to an upstream adapter's failure on the server (the server SPI's {@code
 * UpstreamException}); named apart from it so that an import never needs a second look.
 */
public final class UpstreamFailedException extends MutationServiceException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@link MutationServiceException#of} picks the class. */
  UpstreamFailedException(
      MutationError error, Optional<String> requestId, Optional<Duration> retryAfter) {
    super(error, requestId, retryAfter);
  }

  /** Returns true if the upstream did not answer in time (504). */
  public boolean isTimeout() {
    return code().map(ErrorCode.UPSTREAM_TIMEOUT::equals).orElse(status() == 504);
  }
}
