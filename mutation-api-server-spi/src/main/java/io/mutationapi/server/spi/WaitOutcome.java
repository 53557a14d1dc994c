package io.mutationapi.server.spi;

import io.mutationapi.MutationError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MutationService#await} answers: the consumers {@link Reached} the token, or a {@link
 * Failure}. Immutable.
 */
public sealed interface WaitOutcome {

  /**
   * Returns the status of the answer: 200 when reached, else the error's. The HTTP handler makes it
   * the HTTP status.
   */
  int status();

  /**
   * Every named consumer has processed every position of the token.
   *
   * @param consumerIds the consumers waited for, in the order named, without duplicates
   */
  record Reached(List<String> consumerIds) implements WaitOutcome {
    /** Copies. */
    public Reached {
      consumerIds = List.copyOf(consumerIds);
    }

    /** Returns 200. */
    @Override
    public int status() {
      return 200;
    }
  }

  /**
   * The wait failed: {@code 400 validation_error} for a token not valid for this server and
   * principal (or a timeout out of bounds), {@code 400 unknown_consumer}, {@code 500
   * consumers_timeout} naming the consumers still behind in {@link
   * MutationError#pendingConsumerIds}, {@code 503 unavailable} when the server is overloaded or
   * shutting down.
   *
   * @param error the error body and status
   * @param retryAfter when the caller may retry, for 503 (sent as {@code Retry-After})
   */
  record Failure(MutationError error, Optional<Duration> retryAfter) implements WaitOutcome {
    /** Validates. */
    public Failure {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Returns a failure without retry time. */
    public Failure(MutationError error) {
      this(error, Optional.empty());
    }

    @Override
    public int status() {
      return error.status();
    }
  }
}
