package io.mutationapi.server.spi;

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
}
