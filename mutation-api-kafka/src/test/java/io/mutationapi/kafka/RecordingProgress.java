package io.mutationapi.kafka;

import io.mutationapi.await.Position;
import io.mutationapi.server.spi.ConsumerProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records what a stream reports, and lets a test wait until a consumer is past a position. */
final class RecordingProgress implements ConsumerProgress {
  private final Map<String, Long> watermarks = new HashMap<>();
  private final List<String> notApplied = new ArrayList<>();
  private final List<String> batches = new ArrayList<>();

  @Override
  public synchronized void advanced(String consumerId, int partition, long nextOffset) {
    watermarks.merge(consumerId + "/" + partition, nextOffset, Math::max);
    notifyAll();
  }

  @Override
  public synchronized void notApplied(String consumerId, Position position, String reason) {
    notApplied.add(
        consumerId + "@" + position.partition() + ":" + position.offset() + " " + reason);
    notifyAll();
  }

  @Override
  public synchronized void batchProcessed(
      String consumerId, int events, long durationNanos, boolean succeeded) {
    if (durationNanos < 0) {
      throw new AssertionError("negative duration " + durationNanos);
    }
    batches.add(consumerId + " " + events + " " + (succeeded ? "ok" : "failed"));
    notifyAll();
  }

  /** Returns the batches reported, each as "consumer events ok|failed", in order. */
  synchronized List<String> batches() {
    return List.copyOf(batches);
  }

  /** Returns the watermark of {@code consumerId} on {@code partition} now; 0 if none. */
  synchronized long watermark(String consumerId, int partition) {
    return watermarks.getOrDefault(consumerId + "/" + partition, 0L);
  }

  /** Returns true if {@code consumerId} is past {@code position} now. */
  synchronized boolean isPast(String consumerId, Position position) {
    return watermark(consumerId, position.partition()) > position.offset();
  }

  /** Waits until {@code consumerId} is past {@code position}; false after {@code timeout}. */
  synchronized boolean awaitPast(String consumerId, Position position, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isPast(consumerId, position)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  synchronized List<String> notApplied() {
    return List.copyOf(notApplied);
  }
}
