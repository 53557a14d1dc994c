package io.mutationapi.server;

import io.mutationapi.MutationError;
import io.mutationapi.Record;
import io.mutationapi.server.spi.UpstreamException;
import java.util.List;

/**
 * What the upstream did with one request: the records applied, in request order; and if it failed,
 * the failure (typed, or else the unexpected cause) and every record not applied, by request index.
 */
record Applied(
    List<Record> records,
    UpstreamException failure,
    Throwable cause,
    List<MutationError.Failure> failures) {

  /** Everything was applied. */
  Applied(List<Record> records) {
    this(records, null, null, List.of());
  }

  /** Returns true if the upstream failed before every record was applied. */
  boolean isFailed() {
    return failure != null || cause != null;
  }
}
