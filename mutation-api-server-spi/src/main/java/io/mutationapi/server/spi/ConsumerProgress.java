package io.mutationapi.server.spi;

import io.mutationapi.await.Position;

/**
 * Receives consumer progress from a {@link ChangeStream}; the server wakes the requests that were
 * waiting for it.
 *
 * <p>Progress is a watermark per (consumer, partition): {@code nextOffset} means the consumer has
 * processed every event of the partition below it, including events it skipped because it does not
 * consume their collection. Watermarks only move forward; a smaller value than before is ignored.
 * May be called from any thread.
 */
@FunctionalInterface
public interface ConsumerProgress {

  /**
   * Records that {@code consumerId} has processed every offset of {@code partition} below {@code
   * nextOffset}.
   */
  void advanced(String consumerId, int partition, long nextOffset);

  /**
   * Records that {@code consumerId} processed {@code position} without applying its record (see
   * {@link BatchResult}), so requests awaiting it are answered {@code record_not_applied}. A stream
   * calls it before {@link #advanced} passes the position. The server's implementation does this;
   * the default does nothing.
   */
  default void notApplied(String consumerId, Position position, String reason) {}

  /**
   * Records that {@code consumerId} processed a batch of {@code events} events in {@code
   * durationNanos}, or failed to ({@code succeeded} false) and the stream will retry it: for
   * metrics ({@link ServerObserver#consumerBatch}). A stream that delivers in this process calls it
   * after each batch; others need not. The default does nothing.
   */
  default void batchProcessed(
      String consumerId, int events, long durationNanos, boolean succeeded) {}
}
