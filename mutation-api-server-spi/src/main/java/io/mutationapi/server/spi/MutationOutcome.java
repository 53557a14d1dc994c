package io.mutationapi.server.spi;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MutationService#run} answers: a {@link Success} or a {@link Failure}.
 *
 * <p>Every expected failure (unknown sync, upstream rejection, await timeout, ...) is a {@code
 * Failure} holding the {@link MutationError} that goes on the wire; the stage returned by {@code
 * run} does not fail for them. Immutable.
 */
public sealed interface MutationOutcome {

  /**
   * Returns the status of the answer: 200 for a success, else the error envelope's {@code status}
   * field. The wire contract makes it the HTTP status too, but choosing headers and writing the
   * response is the HTTP handler's.
   */
  int status();

  /**
   * The mutation was applied, published, and awaited consumers (if any) have processed it.
   *
   * @param result the records, in request order
   */
  record Success(MutationResult result) implements MutationOutcome {
    /** Validates. */
    public Success {
      Objects.requireNonNull(result, "result");
    }

    /** Returns 200. */
    @Override
    public int status() {
      return 200;
    }
  }

  /**
   * The mutation failed, or was applied but not awaited in time ({@code consumers_timeout}), or was
   * partly applied; {@code error} says which.
   *
   * @param error the error body and status
   * @param retryAfter when the caller may retry, for 429 and 503 (sent as {@code Retry-After})
   * @param cause the exception behind a 500 {@code internal_error} or a 502, for the server's log;
   *     never sent
   */
  record Failure(MutationError error, Optional<Duration> retryAfter, Optional<Throwable> cause)
      implements MutationOutcome {
    /** Validates. */
    public Failure {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(cause, "cause");
    }

    /** Returns a failure without retry time or cause. */
    public Failure(MutationError error) {
      this(error, Optional.empty(), Optional.empty());
    }

    /**
     * Returns the answer to a request that arrives, or is cut short, while the server shuts down:
     * {@code 503 unavailable}, retry in a second. The engine and every HTTP binding answer with it.
     */
    public static Failure shuttingDown() {
      return new Failure(
          MutationError.of(ErrorCode.UNAVAILABLE, "Server is shutting down; retry"),
          Optional.of(Duration.ofSeconds(1)),
          Optional.empty());
    }

    @Override
    public int status() {
      return error.status();
    }
  }
}
