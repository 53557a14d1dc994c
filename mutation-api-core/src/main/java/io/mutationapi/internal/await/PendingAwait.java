package io.mutationapi.internal.await;

import io.mutationapi.await.Position;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One await in flight: its future, its waiters (at most one per consumer and partition), and its
 * timeout.
 *
 * <p>An await ends exactly once, by whichever comes first: its last waiter is covered, its timeout
 * fires, the registry closes, or its future is completed from outside (cancelled). The end is a
 * compare-and-set of {@code state}; the winner takes the remaining waiters out of their queues,
 * cancels the timeout, lowers the registry's pending count and only then completes the future, so a
 * caller that sees the future done sees the registry clean. Nothing here runs under a partition
 * lock except {@link #coverOne} and the writes to {@link #nextReady}.
 *
 * <p>{@code remaining} starts at one more than the number of waiters: the extra count is held by
 * the registering thread until every waiter is queued, so the await cannot complete half
 * registered.
 */
final class PendingAwait implements Runnable, BiConsumer<AwaitOutcome, Throwable> {
  private static final int PENDING = 0;
  private static final int ENDED = 1;
  private static final VarHandle STATE;
  private static final VarHandle REMAINING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(PendingAwait.class, "state", int.class);
      REMAINING = lookup.findVarHandle(PendingAwait.class, "remaining", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CompletableFuture<AwaitOutcome> future = new CompletableFuture<>();
  private final List<String> consumerIds;
  private final ConsumerPartitions[] consumers;
  private final Position[] positions;
  private final long startNanos;
  private final AtomicInteger registryPending;

  /**
   * Slot {@code consumer * partitions + partition}; null where the watermark already covered the
   * position at registration. Written by the registering thread before each waiter is queued.
   */
  final Waiter[] waiters;

  private volatile int state = PENDING;
  private volatile int remaining;
  private volatile ScheduledFuture<?> timeoutTask;

  /**
   * Next await in a list of awaits to complete, built by {@link PartitionProgress#dequeueCovered}
   * under its lock and walked by the same thread after.
   */
  PendingAwait nextReady;

  PendingAwait(
      List<String> consumerIds,
      ConsumerPartitions[] consumers,
      Position[] positions,
      int waiterSlots,
      long startNanos,
      AtomicInteger registryPending) {
    this.consumerIds = consumerIds;
    this.consumers = consumers;
    this.positions = positions;
    this.waiters = new Waiter[waiterSlots];
    this.startNanos = startNanos;
    this.registryPending = registryPending;
    this.remaining = waiterSlots + 1;
  }

  /** Counts one waiter (or the registration hold) as done; true if it was the last. */
  boolean coverOne() {
    return (int) REMAINING.getAndAdd(this, -1) == 1;
  }

  /**
   * Returns true if every waiter has been covered and only the registering thread's hold is left,
   * so nothing but that thread can change the count.
   */
  boolean onlyRegistrationHoldRemains() {
    return remaining == 1;
  }

  /** Records the timeout task, cancelling it at once if the await has already ended. */
  void timeoutTask(ScheduledFuture<?> task) {
    timeoutTask = task;
    // Pairs with end(): it sets state, then reads timeoutTask. One of the two cancels the task.
    if (state != PENDING) {
      task.cancel(false);
    }
  }

  /**
   * Completes normally with no pending consumer, naming the positions a consumer skipped, if the
   * await has not ended otherwise.
   */
  void completeCovered() {
    if (end()) {
      future.complete(
          new AwaitOutcome(List.of(), waited(), notApplied(consumerIds, consumers, positions)));
    }
  }

  /**
   * Returns the positions that a consumer in {@code consumers} (slot per id, null if unknown)
   * processed without applying their record. Costs one volatile read per consumer unless a consumer
   * has ever skipped a record.
   */
  static List<NotApplied> notApplied(
      List<String> consumerIds, ConsumerPartitions[] consumers, Position[] positions) {
    List<NotApplied> found = null;
    for (int c = 0; c < consumers.length; c++) {
      ConsumerPartitions consumer = consumers[c];
      if (consumer == null || !consumer.anyNotApplied) {
        continue;
      }
      for (Position position : positions) {
        PartitionProgress progress = consumer.find(position.partition());
        String reason = progress == null ? null : progress.notAppliedReason(position.offset());
        if (reason != null) {
          if (found == null) {
            found = new ArrayList<>();
          }
          found.add(new NotApplied(consumerIds.get(c), position, reason));
        }
      }
    }
    return found == null ? List.of() : found;
  }

  /** Completes exceptionally with {@code failure}, if the await has not ended otherwise. */
  void fail(Throwable failure) {
    if (end()) {
      dequeueAll();
      future.completeExceptionally(failure);
    }
  }

  /** Takes every waiter that is still queued out of its queue. Idempotent. */
  void dequeueAll() {
    for (Waiter waiter : waiters) {
      if (waiter != null) {
        waiter.progress.dequeue(waiter);
      }
    }
  }

  /** The timeout: completes normally, naming the consumers still pending. */
  @Override
  public void run() {
    if (!STATE.compareAndSet(this, PENDING, ENDED)) {
      return;
    }
    int partitions = waiters.length / consumerIds.size();
    boolean[] pending = new boolean[consumerIds.size()];
    for (int i = 0; i < waiters.length; i++) {
      Waiter waiter = waiters[i];
      if (waiter != null && waiter.progress.dequeue(waiter)) {
        pending[i / partitions] = true;
      }
    }
    List<String> pendingIds = new ArrayList<>();
    for (int i = 0; i < pending.length; i++) {
      if (pending[i]) {
        pendingIds.add(consumerIds.get(i));
      }
    }
    lowerPendingCounts();
    future.complete(
        new AwaitOutcome(pendingIds, waited(), notApplied(consumerIds, consumers, positions)));
  }

  /**
   * Called when the future completes. If the registry did not complete it (the caller cancelled it,
   * say), ends the await here so its waiters and timeout go at once.
   */
  @Override
  public void accept(AwaitOutcome outcome, Throwable failure) {
    if (end()) {
      dequeueAll();
    }
  }

  /** Ends the await if nothing else has: true for exactly one caller. */
  private boolean end() {
    if (!STATE.compareAndSet(this, PENDING, ENDED)) {
      return false;
    }
    ScheduledFuture<?> task = timeoutTask;
    if (task != null) {
      task.cancel(false);
    }
    lowerPendingCounts();
    return true;
  }

  /** Counts this await out of the registry's pending awaits, in total and per consumer. */
  private void lowerPendingCounts() {
    registryPending.decrementAndGet();
    for (ConsumerPartitions consumer : consumers) {
      consumer.pendingAwaits.decrementAndGet();
    }
  }

  private Duration waited() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
