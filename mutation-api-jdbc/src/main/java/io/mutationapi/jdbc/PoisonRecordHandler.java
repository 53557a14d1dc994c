package io.mutationapi.jdbc;

/**
 * Takes a record that can never be written to the table, so the rest of the stream can move on: for
 * example, it stores the record in a dead-letter table or raises an alert.
 *
 * <p>With a handler, a batch that holds a poison record commits every other record, then calls the
 * handler once per poison record. If the handler throws, the batch fails and is delivered again;
 * the records already written are written again harmlessly (same version) and the handler is called
 * again, so it sees each poison record at least once. Without a handler the whole batch fails,
 * naming the record, and the stream retries it until {@link
 * JdbcTableConsumer.Builder#deadLetterAfter} is reached; then the record goes to the dead-letter
 * table and the rest of the batch is committed.
 *
 * <p>Either way the record does not count as applied: a request awaiting it is answered {@code
 * record_not_applied}, naming the consumer and the record. A clash with other rows (a unique index)
 * reaches the handler only after {@link JdbcTableConsumer.Builder#retryConflictsFor}.
 *
 * <p>Threading: called on the thread that wrote the batch; may be called concurrently for different
 * partitions.
 */
@FunctionalInterface
public interface PoisonRecordHandler {

  /**
   * Takes a record that was skipped; {@link PoisonRecordException#record()} is the record and the
   * message says why. Throw to have the batch retried.
   */
  void handle(PoisonRecordException poison);
}
