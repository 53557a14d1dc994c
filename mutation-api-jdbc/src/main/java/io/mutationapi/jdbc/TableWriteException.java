package io.mutationapi.jdbc;

import io.mutationapi.MutationApiException;
import java.util.Optional;

/**
 * Writing a batch to the table failed and the transaction was rolled back: none of the batch is in
 * the table. Retrying the same batch may succeed (the connection came back, the table was created),
 * which is what the change stream does.
 *
 * <p>The cause, when there is one, is the database's {@link java.sql.SQLException}. Messages name
 * the table and the SQLState but never record data. Like every exception of the library, it is a
 * {@link MutationApiException}.
 */
public class TableWriteException extends MutationApiException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  TableWriteException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** Returns the SQLState the database reported, if the failure came from the database. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }
}
