package io.mutationapi.internal.await;

/**
 * What one pending await needs from one (consumer, partition): the watermark to pass {@code
 * offset}.
 *
 * <p>A waiter sits in the queue of its {@link PartitionProgress} until the watermark covers it, or
 * until its await ends another way and takes it out. {@code queueIndex} belongs to that queue and
 * is read and written only under its lock.
 */
final class Waiter {
  final PendingAwait await;
  final PartitionProgress progress;
  final long offset;

  /** The waiter's slot in {@code progress}'s queue, or -1 when it is not queued. */
  int queueIndex = -1;

  Waiter(PendingAwait await, PartitionProgress progress, long offset) {
    this.await = await;
    this.progress = progress;
    this.offset = offset;
  }
}
