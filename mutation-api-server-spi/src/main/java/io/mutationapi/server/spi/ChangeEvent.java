package io.mutationapi.server.spi;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import java.util.Objects;

/**
 * One change on the stream: a record as the upstream holds it after a mutation, at its position.
 *
 * <p>Delivery is at least once: a consumer may see the same event, or an older version of a record
 * after a newer one was redelivered, and uses {@link Record#updatedIdx()} to keep the newest.
 * Immutable.
 *
 * @param position where the event is on the stream
 * @param record the record after the change
 */
public record ChangeEvent(Position position, Record record) {
  /** Validates. */
  public ChangeEvent {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(record, "record");
  }
}
