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
 * later. It is called on the stream's threads, or, for a consumer that says it {@linkplain
 * #isNonBlocking never blocks}, sometimes on the thread that published the events.
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
   * Returns true if {@link #processBatch} never blocks its caller and returns quickly: it works in
   * memory, or hands its I/O to a non-blocking client and returns a stage at once. A stream may
   * then call it on the thread that publishes the events (for a request, the thread that runs the
   * request) when it is not busy with earlier events of that partition, instead of handing the
   * events to the consumer's own thread; a request awaiting it is then answered without a thread
   * hand-off there and back. Later events, retries (with their backoff) and redeliveries still go
   * to the consumer's thread; order, at-least-once delivery and one batch at a time per partition
   * are unchanged. Such a consumer may be called for different partitions on different threads at
   * once, so it must be thread-safe.
   *
   * <p>The default is false, which is always safe. Returning true from a consumer that blocks (a
   * JDBC call, a blocking HTTP client, a lock held across I/O) makes the publishing request wait
   * for it. {@code InMemoryStream} notices calls there that take longer than a millisecond twice in
   * a row, logs a warning, and delivers on the consumer's thread for a hundred times as long as the
   * call took (at least a second) before it tries again, so a wrong claim costs the publishers a
   * few slow calls and then about 1% of their time at most; what a consumer throws is retried on
   * its own thread and never reaches the publisher. Streams that always deliver on their own
   * threads (the Kafka stream) ignore this method.
   */
  default boolean isNonBlocking() {
    return false;
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
