package io.mutationapi.jdbc;

import io.mutationapi.Record;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A record can never be written to the table, whatever the retries: a projected field does not fit
 * its column, the database rejects the row (a check or unique constraint, a value too long), or the
 * record has no {@code updated_idx} to order its versions by.
 *
 * <p>The message names the record (sync, collection, upstream id, version), the table and the
 * reason, without record data. {@link #record()} is the record itself, for a {@link
 * PoisonRecordHandler} to store. The database's exception, if the database refused the row, is
 * {@link #databaseError()} rather than the cause, because drivers quote row values in their
 * messages and a logged stack trace must not show record data.
 *
 * <p>Without a handler, this exception fails the batch and the rest of the batch is rolled back
 * with it, until the record goes to the dead-letter table; see {@link PoisonRecordHandler}.
 */
public final class PoisonRecordException extends TableWriteException {
  private static final long serialVersionUID = 1L;

  private final transient Record record;
  private final String reason;
  private final transient SQLException databaseError;

  PoisonRecordException(String table, Record record, String reason, SQLException databaseError) {
    super(
        describe(record) + " can never be written to table " + table + ": " + reason,
        databaseError == null ? null : databaseError.getSQLState(),
        null);
    this.record = record;
    this.reason = reason;
    this.databaseError = databaseError;
  }

  static String describe(Record record) {
    return "record "
        + record.syncId()
        + "/"
        + record.collectionId()
        + "/"
        + record.upstreamId()
        + (record.updatedIdx().isPresent()
            ? " (updated_idx " + record.updatedIdx().getAsLong() + ")"
            : " (no updated_idx)");
  }

  /** Returns the record that cannot be written; null only after Java serialization. */
  public Record record() {
    return record;
  }

  /** Returns why, in words that never quote record data. */
  public String reason() {
    return reason;
  }

  /**
   * Returns the database's exception if the database refused the row. Its message may quote the
   * row's values: do not log it where record data must not go.
   */
  public Optional<SQLException> databaseError() {
    return Optional.ofNullable(databaseError);
  }
}
