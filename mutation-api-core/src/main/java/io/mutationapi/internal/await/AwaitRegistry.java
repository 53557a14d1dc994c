package io.mutationapi.internal.await;

import io.mutationapi.await.Position;
import io.mutationapi.internal.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks how far each consumer has processed each partition, and completes awaits once the named
 * consumers have processed the named positions, or their timeout has passed.
 *
 * <p>A stream implementation reports progress with {@link #advance}; the engine waits with {@link
 * #await}. Per (consumer, partition) the registry keeps a watermark and the waiters queued by the
 * offset they need; an advance completes the waiters it covers. Nothing polls, no thread is held
 * per waiter, and one scheduler serves every timeout.
 *
 * <p><b>Threading.</b> All methods are safe to call from any thread. Futures are completed by the
 * thread that caused the completion, never under a lock of the registry: the thread calling {@link
 * #advance} (or {@link #await}, if already covered), the timer thread on timeout, the thread
 * calling {@link #close}. Their dependent stages run there too unless added with an {@code
 * ...Async} method; a slow dependent run on the timer thread delays other timeouts.
 *
 * <p><b>Memory.</b> The registry keeps one small entry per consumer and partition it has seen, for
 * its lifetime: consumer ids are expected to come from configuration, not from requests. A pending
 * await costs a few hundred bytes; an await that ends in any way leaves nothing behind.
 */
public final class AwaitRegistry implements AutoCloseable {
  private final ConcurrentHashMap<String, ConsumerPartitions> consumers = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final ScheduledExecutorService timer;
  private final boolean ownsTimer;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates a registry that owns one daemon thread for all timeouts, stopped by {@link #close}. */
  public AwaitRegistry() {
    ScheduledThreadPoolExecutor owned =
        new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mutation-api-await-timeout"));
    // A completed await cancels its timeout; remove the task at once rather than at its deadline.
    owned.setRemoveOnCancelPolicy(true);
    this.timer = owned;
    this.ownsTimer = true;
  }

  /**
   * Creates a registry that schedules timeouts on {@code timer}, which {@link #close} leaves
   * running.
   *
   * <p>The timer must keep running while the registry is in use: an await whose timeout it rejects
   * completes exceptionally with its {@link RejectedExecutionException}. Timeouts of completed
   * awaits are cancelled; unless the timer is a {@link ScheduledThreadPoolExecutor} with
   * {@linkplain ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy remove-on-cancel}, a cancelled
   * task and its small await stay queued until their deadline.
   *
   * @throws NullPointerException if {@code timer} is null
   */
  public AwaitRegistry(ScheduledExecutorService timer) {
    this.timer = Objects.requireNonNull(timer, "timer");
    this.ownsTimer = false;
  }

  /**
   * Records that {@code consumerId} has processed every offset below {@code nextOffset} on {@code
   * partition}, and completes the awaits this covers.
   *
   * <p>Monotonic: a {@code nextOffset} at or below the current watermark is ignored, so progress
   * reported late or twice is harmless. An advance that covers no waiter takes no lock and
   * allocates nothing (after the first for a consumer and partition). Awaits that complete do so on
   * the calling thread, before this returns. Works, harmlessly, after {@link #close}.
   *
   * @throws IllegalArgumentException if {@code consumerId} is null or empty, or {@code partition}
   *     or {@code nextOffset} is negative
   */
  public void advance(String consumerId, int partition, long nextOffset) {
    requireConsumerId(consumerId);
    requirePartition(partition);
    if (nextOffset < 0) {
      throw new IllegalArgumentException("nextOffset must not be negative: " + nextOffset);
    }
    PartitionProgress progress = progress(consumerId).get(partition);
    if (!progress.raise(nextOffset) || !progress.mayWake(nextOffset)) {
      return;
    }
    PendingAwait ready = progress.dequeueCovered();
    while (ready != null) {
      PendingAwait next = ready.nextReady;
      ready.nextReady = null;
      ready.completeCovered();
      ready = next;
    }
  }

  /**
   * Records that {@code consumerId} processed {@code position} without applying its record, so an
   * await on it completes with this {@link NotApplied} rather than as a success. Call it before
   * {@link #advance} passes the position: the advance then completes the waiters, and an await that
   * starts later still sees the skip (the latest 1,024 skips per consumer and partition are kept).
   *
   * <p>Takes no lock an await's fast path takes; the first skip on a partition allocates its map.
   *
   * @throws NullPointerException if {@code position} or {@code reason} is null
   * @throws IllegalArgumentException if {@code consumerId} is null or empty
   */
  public void notApplied(String consumerId, Position position, String reason) {
    requireConsumerId(consumerId);
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(reason, "reason");
    ConsumerPartitions consumer = progress(consumerId);
    consumer.get(position.partition()).markNotApplied(position.offset(), reason);
    // After the mark: whoever reads the flag set also sees the mark.
    consumer.anyNotApplied = true;
  }

  /**
   * Returns the next offset {@code consumerId} has not processed on {@code partition}: every lower
   * offset is processed. 0 if it never advanced there.
   *
   * @throws IllegalArgumentException if {@code consumerId} is null or empty, or {@code partition}
   *     is negative
   */
  public long watermark(String consumerId, int partition) {
    requireConsumerId(consumerId);
    requirePartition(partition);
    ConsumerPartitions consumer = consumers.get(consumerId);
    PartitionProgress progress = consumer == null ? null : consumer.find(partition);
    return progress == null ? 0 : progress.watermark();
  }

  /**
   * Returns a future that completes when every consumer in {@code consumerIds} has processed every
   * position in {@code positions}, that is when {@code watermark(consumer, p.partition()) >
   * p.offset()} for each, or when {@code timeout} has passed.
   *
   * <p>On timeout the future completes <em>normally</em>, with an outcome whose {@link
   * AwaitOutcome#pendingConsumerIds} names the consumers not yet past every position, in the order
   * given. Positions a consumer reported {@linkplain #notApplied not applied} are listed in {@link
   * AwaitOutcome#notApplied}, and such an outcome is not {@linkplain AwaitOutcome#isComplete
   * complete} either. Empty {@code consumerIds} or {@code positions} complete at once; so does an
   * await the watermarks already cover. Duplicate consumer ids count once. Per partition only the
   * highest offset matters, so an await queues at most one waiter per consumer and partition
   * touched.
   *
   * <p>The future completes exceptionally only with {@link IllegalStateException} if the registry
   * is or gets {@linkplain #close closed}, with {@link java.util.concurrent.CancellationException}
   * if the caller cancels it, or with {@link RejectedExecutionException} if a caller-supplied timer
   * refuses the timeout. However it completes, including by cancellation, the await's waiters and
   * its timeout are gone from the registry when the completing call returns.
   *
   * @param consumerIds the consumers to wait for, in the order an outcome names them
   * @param positions the positions each consumer must have processed
   * @param timeout how long to wait, from this call
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a consumer id is null or empty, a position is null, or
   *     {@code timeout} is not positive
   */
  public CompletableFuture<AwaitOutcome> await(
      List<String> consumerIds, Collection<Position> positions, Duration timeout) {
    long startNanos = System.nanoTime();
    List<String> ids = distinctConsumerIds(consumerIds);
    Position[] sorted = sortedPositions(positions);
    Position[] highest = highestPerPartition(sorted);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    if (ids.isEmpty() || highest.length == 0) {
      return CompletableFuture.completedFuture(new AwaitOutcome(List.of(), Duration.ZERO));
    }
    if (alreadyCovered(ids, highest)) {
      return CompletableFuture.completedFuture(
          new AwaitOutcome(
              List.of(),
              Duration.ofNanos(System.nanoTime() - startNanos),
              anyNotApplied(ids) ? notApplied(ids, sorted) : List.of()));
    }
    return register(ids, sorted, highest, timeout, startNanos);
  }

  private CompletableFuture<AwaitOutcome> register(
      List<String> ids, Position[] sorted, Position[] highest, Duration timeout, long startNanos) {
    ConsumerPartitions[] progresses = new ConsumerPartitions[ids.size()];
    for (int c = 0; c < progresses.length; c++) {
      progresses[c] = progress(ids.get(c));
    }
    PendingAwait await =
        new PendingAwait(ids, progresses, sorted, ids.size() * highest.length, startNanos, pending);
    pending.incrementAndGet();
    for (ConsumerPartitions progress : progresses) {
      progress.pendingAwaits.incrementAndGet();
    }
    await.future.whenComplete(await);
    for (int c = 0; c < ids.size(); c++) {
      ConsumerPartitions consumer = progresses[c];
      for (int p = 0; p < highest.length; p++) {
        PartitionProgress progress = consumer.get(highest[p].partition());
        long offset = highest[p].offset();
        if (progress.covers(offset)) {
          await.coverOne();
          continue;
        }
        Waiter waiter = new Waiter(await, progress, offset);
        // Stored before queueing, so whoever dequeues the waiter's await can find it.
        await.waiters[c * highest.length + p] = waiter;
        if (!progress.enqueue(waiter)) {
          await.coverOne();
        }
      }
    }
    if (await.onlyRegistrationHoldRemains()) {
      // Covered while registering: skip the timeout nobody needs.
      await.coverOne();
      await.completeCovered();
      return await.future;
    }
    try {
      await.timeoutTask(timer.schedule(await, nanos(timeout), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      await.fail(closed.get() ? closedException() : e);
    }
    // A close() that scanned the queues before this await's waiters were queued missed it.
    if (closed.get()) {
      await.fail(closedException());
      await.dequeueAll();
    }
    // Release the registration hold; if every waiter was covered meanwhile, this completes.
    if (await.coverOne()) {
      await.completeCovered();
    }
    return await.future;
  }

  /**
   * Returns the number of awaits waiting for progress or their timeout, for tests and metrics. An
   * await stops counting when it ends: before its future completes or, if the caller cancels it,
   * before {@code cancel} returns.
   */
  public int pendingAwaits() {
    return pending.get();
  }

  /**
   * Returns the number of awaits waiting for {@code consumerId} now (an await of several consumers
   * counts for each of them until it ends), for management endpoints and metrics; 0 for a consumer
   * never awaited.
   */
  public int pendingAwaits(String consumerId) {
    ConsumerPartitions consumer = consumers.get(consumerId);
    return consumer == null ? 0 : consumer.pendingAwaits.get();
  }

  /**
   * Closes the registry: completes every pending await exceptionally with {@code
   * IllegalStateException("await registry closed")}, fails later awaits the same way, and stops the
   * timer if the registry owns it. Idempotent.
   *
   * <p>Futures complete, and their dependents run, on the calling thread. {@link #advance} and
   * {@link #watermark} keep working.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<PendingAwait> awaits = new ArrayList<>();
    for (ConsumerPartitions consumer : consumers.values()) {
      consumer.forEach(progress -> progress.collectAwaits(awaits));
    }
    for (PendingAwait await : awaits) {
      await.fail(closedException());
    }
    if (ownsTimer) {
      timer.shutdownNow();
    }
  }

  /** Returns the number of waiters queued over every consumer and partition (for tests). */
  int queuedWaiters() {
    int[] total = {0};
    for (ConsumerPartitions consumer : consumers.values()) {
      consumer.forEach(progress -> total[0] += progress.queued());
    }
    return total[0];
  }

  @Override
  public String toString() {
    return "AwaitRegistry{pendingAwaits="
        + pending.get()
        + ", consumers="
        + consumers.size()
        + (closed.get() ? ", closed" : "")
        + "}";
  }

  private ConsumerPartitions progress(String consumerId) {
    ConsumerPartitions consumer = consumers.get(consumerId);
    return consumer != null
        ? consumer
        : consumers.computeIfAbsent(consumerId, id -> new ConsumerPartitions());
  }

  /** True if any of {@code ids} has ever skipped a record: only then are skips looked up. */
  private boolean anyNotApplied(List<String> ids) {
    for (String id : ids) {
      ConsumerPartitions consumer = consumers.get(id);
      if (consumer != null && consumer.anyNotApplied) {
        return true;
      }
    }
    return false;
  }

  private List<NotApplied> notApplied(List<String> ids, Position[] sorted) {
    ConsumerPartitions[] known = new ConsumerPartitions[ids.size()];
    for (int c = 0; c < known.length; c++) {
      known[c] = consumers.get(ids.get(c));
    }
    return PendingAwait.notApplied(ids, known, sorted);
  }

  private boolean alreadyCovered(List<String> ids, Position[] highest) {
    for (String id : ids) {
      ConsumerPartitions consumer = consumers.get(id);
      if (consumer == null) {
        return false;
      }
      for (Position position : highest) {
        PartitionProgress progress = consumer.find(position.partition());
        if (progress == null || !progress.covers(position.offset())) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> distinctConsumerIds(List<String> consumerIds) {
    Objects.requireNonNull(consumerIds, "consumerIds");
    for (int i = 0; i < consumerIds.size(); i++) {
      String id = consumerIds.get(i);
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("consumerIds[" + i + "] must not be null or empty");
      }
    }
    if (consumerIds.size() == 1) {
      return List.of(consumerIds.get(0));
    }
    return List.copyOf(new LinkedHashSet<>(consumerIds));
  }

  /** Returns {@code positions} as a new sorted array. */
  private static Position[] sortedPositions(Collection<Position> positions) {
    Objects.requireNonNull(positions, "positions");
    Position[] sorted = positions.toArray(new Position[0]);
    for (Position position : sorted) {
      if (position == null) {
        throw new IllegalArgumentException("positions must not contain null");
      }
    }
    if (sorted.length > 1) {
      Arrays.sort(sorted);
    }
    return sorted;
  }

  /** Returns, sorted by partition, the highest position of each partition in {@code sorted}. */
  private static Position[] highestPerPartition(Position[] sorted) {
    if (sorted.length <= 1) {
      return sorted;
    }
    Position[] highest = new Position[sorted.length];
    int kept = 0;
    for (int i = 0; i < sorted.length; i++) {
      boolean lastOfPartition =
          i == sorted.length - 1 || sorted[i + 1].partition() != sorted[i].partition();
      if (lastOfPartition) {
        highest[kept++] = sorted[i];
      }
    }
    return Arrays.copyOf(highest, kept);
  }

  private static long nanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static void requireConsumerId(String consumerId) {
    if (consumerId == null || consumerId.isEmpty()) {
      throw new IllegalArgumentException("consumerId must not be null or empty");
    }
  }

  private static void requirePartition(int partition) {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative: " + partition);
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("await registry closed");
  }
}
