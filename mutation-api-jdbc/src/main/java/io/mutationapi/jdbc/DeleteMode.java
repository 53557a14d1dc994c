package io.mutationapi.jdbc;

/** What a {@link JdbcTableConsumer} does with a deleted record. */
public enum DeleteMode {
  /**
   * Keeps the row with {@code deleted = true} and the delete's version (the default). The row is a
   * tombstone: an older version delivered later can never bring the record back.
   */
  SOFT,

  /**
   * Removes the row, if its version is older than the delete's. Nothing remembers the delete, so a
   * stale version redelivered after it (for example after a stream lost its progress in a restart)
   * inserts the row again; prefer {@link #SOFT} where that matters.
   */
  HARD
}
