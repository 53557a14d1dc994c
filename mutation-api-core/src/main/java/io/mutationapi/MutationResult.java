package io.mutationapi;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a successful mutation: one {@link Record} per input record or id, in request order.
 * Immutable.
 *
 * @param records the records after the mutation
 */
public record MutationResult(List<Record> records) {
  /** Copies. */
  public MutationResult {
    records = List.copyOf(Objects.requireNonNull(records, "records"));
  }

  /** Returns the only record, for a request that named one. */
  public Record record() {
    if (records.size() != 1) {
      throw new IllegalStateException("result has " + records.size() + " records, not 1");
    }
    return records.get(0);
  }
}
