package io.mutationapi.jdbc;

import io.mutationapi.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides what becomes of the records a table refuses (see {@link JdbcTableConsumer}'s class
 * comment): their batch is retried, or they are given up on, to the {@link PoisonRecordHandler} or
 * the dead-letter table. Counts them for {@link TableConsumerHealth}. Thread-safe.
 */
final class PoisonRecords {
  private final String table;
  private final PoisonRecordHandler poisonHandler;
  private final Duration retryConflictsFor;
  private final int deadLetterAttempts;
  private final Duration deadLetterAfter;
  private final Refusals refusals = new Refusals();
  private final AtomicLong refusalCount = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong handedToHandler = new AtomicLong();

  PoisonRecords(TableConsumerSettings b, String table) {
    this.table = table;
    this.poisonHandler = b.poisonHandler;
    this.retryConflictsFor = b.retryConflictsFor;
    this.deadLetterAttempts = b.deadLetterAttempts;
    this.deadLetterAfter = b.deadLetterAfter;
  }

  TableConsumerHealth health() {
    return new TableConsumerHealth(
        deadLettered.get(), handedToHandler.get(), refusalCount.get(), refusals.retrying());
  }

  /** What becomes of the records the table refused in one attempt at a batch. */
  static final class Verdict {
    final List<PoisonRecordException> toHandler = new ArrayList<>();
    final List<PoisonRecordException> toDeadLetters = new ArrayList<>();
    PoisonRecordException hold;
    boolean holdIsConflict;
    long holdAttempts;

    boolean holds() {
      return hold != null;
    }

    List<PoisonRecordException> skipped() {
      List<PoisonRecordException> all = new ArrayList<>(toHandler);
      all.addAll(toDeadLetters);
      return all;
    }
  }

  /**
   * Decides, per refused record, whether to retry its batch, give it to the handler or dead-letter
   * it: a clash is retried for {@code retryConflictsFor}; a record that can never be written goes
   * to the handler at once, or without one to the dead-letter table once it has been refused {@code
   * deadLetterAttempts} times or for {@code deadLetterAfter}.
   */
  Verdict decide(List<PoisonRecordException> refused) {
    Verdict verdict = new Verdict();
    long now = System.nanoTime();
    for (PoisonRecordException p : refused) {
      refusalCount.incrementAndGet();
      long[] seen = refusals.refused(p.record(), now);
      long attempts = seen[0];
      long elapsed = seen[1];
      boolean conflict =
          p.sqlState().map(SqlStates::classify).orElse(SqlStates.Kind.ROW_PERMANENT)
              == SqlStates.Kind.ROW_CONFLICT;
      boolean give;
      if (conflict) {
        give = elapsed >= retryConflictsFor.toNanos();
      } else if (poisonHandler != null) {
        give = true;
      } else {
        give = attempts >= deadLetterAttempts || elapsed >= deadLetterAfter.toNanos();
      }
      if (!give) {
        if (verdict.hold == null) {
          verdict.hold = p;
          verdict.holdIsConflict = conflict;
          verdict.holdAttempts = attempts;
        }
      } else if (poisonHandler != null) {
        verdict.toHandler.add(p);
      } else {
        verdict.toDeadLetters.add(p);
      }
    }
    return verdict;
  }

  /** The failure that has the stream deliver a batch again while a record is being retried. */
  TableWriteException held(Verdict verdict) {
    PoisonRecordException p = verdict.hold;
    if (!verdict.holdIsConflict) {
      return p;
    }
    return new TableWriteException(
        PoisonRecordException.describe(p.record())
            + " clashes with another row of table "
            + table
            + " ("
            + p.reason()
            + "; attempt "
            + verdict.holdAttempts
            + "); the batch was rolled back and is retried for up to "
            + retryConflictsFor.toMillis()
            + " ms before the record is given up on",
        p.sqlState().orElse(null),
        null);
  }

  /** Forgets the refusals of {@code record}, which its batch has just written. */
  void written(Record record) {
    refusals.forget(record);
  }

  /** After the commit: counts the dead letters, calls the handler; returns the skipped records. */
  List<PoisonRecordException> handOver(Verdict verdict) {
    for (PoisonRecordException p : verdict.toDeadLetters) {
      refusals.forget(p.record());
      deadLettered.incrementAndGet();
    }
    for (PoisonRecordException p : verdict.toHandler) {
      try {
        poisonHandler.handle(p);
      } catch (RuntimeException e) {
        throw new TableWriteException(
            "the poison-record handler failed on "
                + PoisonRecordException.describe(p.record())
                + "; the rest of the batch was written to table "
                + table
                + " and will be written again harmlessly",
            null,
            e);
      }
      refusals.forget(p.record());
      handedToHandler.incrementAndGet();
    }
    return verdict.skipped();
  }
}
