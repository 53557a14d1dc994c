package io.mutationapi.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of an {@linkplain AwaitRegistry#await await}: which consumers had still not processed
 * the awaited positions when it ended, and how long it waited.
 *
 * <p>An outcome with no pending consumers means every consumer processed every position; otherwise
 * the await timed out and {@code pendingConsumerIds} names the consumers it was still waiting for,
 * in the order the await named them. Instances are immutable.
 *
 * @param pendingConsumerIds the consumers that had not processed every position, in request order
 * @param waited how long the await waited
 */
public record AwaitOutcome(List<String> pendingConsumerIds, Duration waited) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument or a consumer id is null
   * @throws IllegalArgumentException if {@code waited} is negative
   */
  public AwaitOutcome {
    pendingConsumerIds =
        List.copyOf(Objects.requireNonNull(pendingConsumerIds, "pendingConsumerIds"));
    Objects.requireNonNull(waited, "waited");
    if (waited.isNegative()) {
      throw new IllegalArgumentException("waited must not be negative: " + waited);
    }
  }

  /** Returns true if every awaited consumer processed every awaited position. */
  public boolean isComplete() {
    return pendingConsumerIds.isEmpty();
  }
}
