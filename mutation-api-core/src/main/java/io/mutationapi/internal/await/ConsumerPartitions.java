package io.mutationapi.internal.await;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One consumer's {@link PartitionProgress} per partition.
 *
 * <p>Lookups take no lock and allocate nothing. Partitions below {@link #DENSE_LIMIT} live in an
 * array indexed by partition that is copied when a partition first appears (rare: once per
 * partition per consumer); higher partitions, which a stream seldom has, live in a map so a stray
 * large number cannot make the array huge. Creation is guarded by {@code this}.
 */
final class ConsumerPartitions {
  static final int DENSE_LIMIT = 1024;
  private static final PartitionProgress[] NONE = {};

  private volatile PartitionProgress[] dense = NONE;
  private volatile Map<Integer, PartitionProgress> sparse;

  /** Awaits registered on this consumer that have not ended; see AwaitRegistry#pendingAwaits. */
  final AtomicInteger pendingAwaits = new AtomicInteger();

  /** True once any partition has recorded a skipped offset; awaits check skips only then. */
  volatile boolean anyNotApplied;

  /** Returns the progress on {@code partition}, or null if nothing has touched it yet. */
  PartitionProgress find(int partition) {
    if (partition < DENSE_LIMIT) {
      PartitionProgress[] partitions = dense;
      return partition < partitions.length ? partitions[partition] : null;
    }
    Map<Integer, PartitionProgress> map = sparse;
    return map == null ? null : map.get(partition);
  }

  /** Returns the progress on {@code partition}, creating it at watermark 0 if needed. */
  PartitionProgress get(int partition) {
    PartitionProgress progress = find(partition);
    return progress != null ? progress : create(partition);
  }

  private synchronized PartitionProgress create(int partition) {
    PartitionProgress progress = find(partition);
    if (progress != null) {
      return progress;
    }
    progress = new PartitionProgress();
    if (partition < DENSE_LIMIT) {
      // Copy on write, so a reader that sees the new array sees its elements.
      PartitionProgress[] grown = Arrays.copyOf(dense, Math.max(dense.length, partition + 1));
      grown[partition] = progress;
      dense = grown;
    } else {
      if (sparse == null) {
        sparse = new ConcurrentHashMap<>();
      }
      sparse.put(partition, progress);
    }
    return progress;
  }

  void forEach(Consumer<PartitionProgress> action) {
    for (PartitionProgress progress : dense) {
      if (progress != null) {
        action.accept(progress);
      }
    }
    Map<Integer, PartitionProgress> map = sparse;
    if (map != null) {
      map.values().forEach(action);
    }
  }
}
