package io.mutationapi.server.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker asks of {@link ConsumeService#next}: at most {@code batchSize} messages, waiting at
 * most {@code waitFor} for the first. Immutable.
 *
 * @param batchSize the most messages to hand out, 1 to {@link #MAX_BATCH_SIZE}
 * @param waitFor how long to wait for a first message when none is ready; zero answers at once
 */
public record PullRequest(int batchSize, Duration waitFor) {
  /** The batch size of a request that names none: 1, as in the hosted Consume API. */
  public static final int DEFAULT_BATCH_SIZE = 1;

  /** The largest batch one pull may ask for. */
  public static final int MAX_BATCH_SIZE = 1000;

  /** A pull of one message that answers at once. */
  public static final PullRequest DEFAULT = new PullRequest(DEFAULT_BATCH_SIZE, Duration.ZERO);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not 1 to {@link #MAX_BATCH_SIZE} or
   *     {@code waitFor} is negative
   */
  public PullRequest {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batch_size must be 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    Objects.requireNonNull(waitFor, "waitFor");
    if (waitFor.isNegative()) {
      throw new IllegalArgumentException("wait_for must not be negative, got " + waitFor);
    }
  }
}
