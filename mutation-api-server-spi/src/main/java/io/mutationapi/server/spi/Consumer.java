package io.mutationapi.server.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A downstream reader of the change stream, such as a table kept in sync; requests can wait until
 * it has processed their change.
 *
 * <p>A consumer is registered on the server builder with its id and the collections it consumes; it
 * only sees events of those collections. {@link #process} receives events in stream order per
 * partition, so every record's versions arrive in order; delivery is at least once, so the same
 * batch may be seen again after a failure or a restart, and {@code updated_idx} tells which version
 * of a record is newer.
 *
 * <p>The returned stage completes when the batch is durably applied; only then do waiters on these
 * events wake up. A stage that fails (or an exception thrown by {@code process}) makes the stream
 * retry the same events with backoff; other consumers are not held up.
 *
 * <p>Threading: {@code process} may be called concurrently for different partitions, never for the
 * same partition. It should not block for long; a slow consumer can return a stage that completes
 * later.
 */
@FunctionalInterface
public interface Consumer {

  /**
   * Applies {@code batch} and completes when it is durable.
   *
   * @param batch one or more events of one partition, in order
   * @return a stage that completes when the batch is applied, or fails to have it retried
   */
  CompletionStage<Void> process(List<ChangeEvent> batch);

  /**
   * Applies {@code batch} as {@link #process} does, and says which events it skipped rather than
   * applied; streams call this method. A consumer that skips records it cannot apply (and moves on)
   * overrides it, so that requests awaiting those records are answered {@code record_not_applied}
   * instead of success. The default calls {@link #process} and reports every event applied.
   *
   * @param batch one or more events of one partition, in order
   * @return a stage that completes when the batch is processed, or fails to have it retried
   */
  default CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
    return process(batch).thenApply(ignored -> BatchResult.allApplied());
  }

  /**
   * Returns what kind of consumer this is, as the Management API shows it: {@code http}, {@code
   * jdbc}, {@code webhook}, {@code remote} (runs in another process), {@code in_memory}, or {@code
   * custom}. The default is {@code custom}; the consumers of this project override it.
   */
  default String kind() {
    return "custom";
  }
}
