package io.mutationapi.server.pull;

import io.mutationapi.server.spi.BatchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One batch the stream gave an HTTP consumer: done when each of its events was acked or dropped.
 * Counting is guarded by the owning {@link HttpConsumer}'s lock; {@link #complete} runs outside it.
 */
final class Batch {
  final CompletableFuture<BatchResult> done = new CompletableFuture<>();
  private final List<BatchResult.Skipped> skipped = new ArrayList<>(0);
  private int remaining;

  Batch(int size) {
    this.remaining = size;
  }

  /**
   * Counts {@code message} finished, as skipped if {@code dropReason} is not null.
   *
   * @return true if it was the last one: the caller then calls {@link #complete} outside the lock
   */
  boolean finished(Message message, String dropReason) {
    if (dropReason != null) {
      skipped.add(new BatchResult.Skipped(message.event, dropReason));
    }
    return --remaining == 0;
  }

  void complete() {
    done.complete(skipped.isEmpty() ? BatchResult.allApplied() : new BatchResult(skipped));
  }
}
