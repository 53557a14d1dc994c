package io.mutationapi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a successful mutation: one {@link Record} per input record or id, in request order,
 * and where the records are on the change stream. Immutable.
 *
 * @param records the records after the mutation
 * @param consistencyToken the positions of the records on the stream, to wait for them later (see
 *     {@link ConsistencyToken}); absent from a server that does not send one
 */
public record MutationResult(List<Record> records, Optional<ConsistencyToken> consistencyToken) {
  /** Copies. */
  public MutationResult {
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    Objects.requireNonNull(consistencyToken, "consistencyToken");
  }

  /** Returns a result without a consistency token. */
  public MutationResult(List<Record> records) {
    this(records, Optional.empty());
  }

  /** Returns the only record, for a request that named one. */
  public Record record() {
    if (records.size() != 1) {
      throw new IllegalStateException("result has " + records.size() + " records, not 1");
    }
    return records.get(0);
  }
}
