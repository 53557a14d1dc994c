package io.mutationapi.server.pull;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The messages an HTTP consumer dropped after their last delivery, so that their tokens answer
 * "expired" rather than "acked"; the newest {@link #CAPACITY} only. Not thread-safe: guarded by the
 * owning {@link HttpConsumer}'s lock.
 */
final class DroppedMessages {
  /** How many dropped messages are remembered; a token of an older one counts as acked before. */
  static final int CAPACITY = 10_000;

  private final Set<Long> seqs = new HashSet<>();
  private final ArrayDeque<Long> order = new ArrayDeque<>();

  void add(long seq) {
    if (seqs.add(seq)) {
      order.add(seq);
      if (order.size() > CAPACITY) {
        seqs.remove(order.poll());
      }
    }
  }

  boolean contains(long seq) {
    return seqs.contains(seq);
  }

  void clear() {
    seqs.clear();
    order.clear();
  }
}
