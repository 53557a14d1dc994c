package io.mutationapi.internal.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of an {@linkplain AwaitRegistry#await await}: which consumers had still not processed
 * the awaited positions when it ended, which positions a consumer processed without applying their
 * record, and how long it waited.
 *
 * <p>An outcome with no pending consumers means every consumer processed every position; otherwise
 * the await timed out and {@code pendingConsumerIds} names the consumers it was still waiting for,
 * in the order the await named them. {@code notApplied} lists the awaited positions a consumer
 * {@linkplain AwaitRegistry#notApplied reported} as skipped, in consumer order, then position
 * order. Only an outcome with neither is {@linkplain #isComplete complete}. Instances are
 * immutable.
 *
 * @param pendingConsumerIds the consumers that had not processed every position, in request order
 * @param waited how long the await waited
 * @param notApplied the awaited positions a consumer processed without applying their record
 */
public record AwaitOutcome(
    List<String> pendingConsumerIds, Duration waited, List<NotApplied> notApplied) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument, a consumer id or an entry is null
   * @throws IllegalArgumentException if {@code waited} is negative
   */
  public AwaitOutcome {
    pendingConsumerIds =
        List.copyOf(Objects.requireNonNull(pendingConsumerIds, "pendingConsumerIds"));
    Objects.requireNonNull(waited, "waited");
    if (waited.isNegative()) {
      throw new IllegalArgumentException("waited must not be negative: " + waited);
    }
    notApplied = List.copyOf(Objects.requireNonNull(notApplied, "notApplied"));
  }

  /**
   * An outcome in which no record was skipped.
   *
   * @throws NullPointerException if an argument or a consumer id is null
   * @throws IllegalArgumentException if {@code waited} is negative
   */
  public AwaitOutcome(List<String> pendingConsumerIds, Duration waited) {
    this(pendingConsumerIds, waited, List.of());
  }

  /**
   * Returns true if every awaited consumer processed every awaited position and applied its record.
   */
  public boolean isComplete() {
    return pendingConsumerIds.isEmpty() && notApplied.isEmpty();
  }
}
