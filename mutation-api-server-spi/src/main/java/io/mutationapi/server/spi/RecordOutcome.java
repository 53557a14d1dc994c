package io.mutationapi.server.spi;

import io.mutationapi.Record;
import java.util.Objects;

/**
 * What happened to one record of a batch that an upstream could not apply in full; reported with
 * {@link UpstreamException#withOutcomes}. Immutable.
 */
public sealed interface RecordOutcome {

  /** Returns an outcome for a record the upstream applied. */
  static RecordOutcome applied(Record record) {
    return new Applied(record);
  }

  /** Returns an outcome for a record the upstream did not apply, with a message for the caller. */
  static RecordOutcome failed(String message) {
    return new Failed(message);
  }

  /**
   * The upstream applied the record: it is published and reported.
   *
   * @param record the record as the upstream now holds it
   */
  record Applied(Record record) implements RecordOutcome {
    /** Validates. */
    public Applied {
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The upstream did not apply the record.
   *
   * @param message why, for the caller, e.g. {@code "Salesforce validation error: `Invalid email`"}
   */
  record Failed(String message) implements RecordOutcome {
    /** Validates. */
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
