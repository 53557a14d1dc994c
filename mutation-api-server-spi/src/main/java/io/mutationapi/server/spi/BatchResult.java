package io.mutationapi.server.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Consumer} did with a batch it processed: every event applied, or some events
 * skipped because they can never be applied (poison records).
 *
 * <p>A skipped event still counts as processed, so the consumer's progress moves past it and later
 * events flow; but a request awaiting it is answered {@code record_not_applied} rather than
 * success, because its write cannot be read from the consumer. Immutable.
 *
 * @param notApplied the events of the batch that were skipped, with why
 */
public record BatchResult(List<Skipped> notApplied) {
  private static final BatchResult ALL_APPLIED = new BatchResult(List.of());

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if the list or an entry is null
   */
  public BatchResult {
    notApplied = List.copyOf(Objects.requireNonNull(notApplied, "notApplied"));
  }

  /** Returns the result of a batch whose every event was applied. */
  public static BatchResult allApplied() {
    return ALL_APPLIED;
  }

  /** Returns true if no event was skipped. */
  public boolean isAllApplied() {
    return notApplied.isEmpty();
  }

  /**
   * One event a consumer processed without applying it.
   *
   * @param event the event, as the batch held it
   * @param reason why, in words that never quote record data (it reaches the caller's error)
   */
  public record Skipped(ChangeEvent event, String reason) {
    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     */
    public Skipped {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
