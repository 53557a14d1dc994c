package io.mutationapi.internal.await;

import io.mutationapi.await.Position;
import java.util.Objects;

/**
 * A consumer processed a position but did not apply its record: it skipped a record the database
 * refused, for example, and moved on. An await on that position answers with this instead of
 * success, so a caller is never told its write can be read where it cannot.
 *
 * <p>Instances are immutable.
 *
 * @param consumerId the consumer that skipped the record
 * @param position where the record is on the stream
 * @param reason why, in words that never quote record data
 */
public record NotApplied(String consumerId, Position position, String reason) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code consumerId} is empty
   */
  public NotApplied {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(reason, "reason");
    if (consumerId.isEmpty()) {
      throw new IllegalArgumentException("consumerId must not be empty");
    }
  }
}
