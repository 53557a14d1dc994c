package io.mutationapi.internal.await;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumer's progress on one partition: its watermark, and the waiters queued until the
 * watermark passes their offset.
 *
 * <p>The watermark moves without the lock, so an advance that wakes nobody takes no lock. Waiters
 * are queued in a binary min-heap by offset that knows each waiter's slot, so the lowest waiter is
 * found in O(1) and any waiter is taken out in O(log n). The heap and every {@link
 * Waiter#queueIndex} are guarded by {@code this}.
 *
 * <p>Lost wake-ups are closed by register-then-recheck. {@link #enqueue} publishes the queue's
 * lowest offset (a volatile write) and then reads the watermark; {@link #raise} writes the
 * watermark and the caller then reads the lowest offset. Both are volatile, so at least one side
 * sees the other: either the advance sees the new waiter and drains it under the lock, or the
 * registration sees the new watermark and takes its waiter out again as already covered.
 *
 * <p>Offsets the consumer processed without applying their record are kept in a lock-free map
 * created on the first one, so a partition that never skips pays one null check. A skip is recorded
 * before the watermark passes it, so whoever sees the watermark cover an offset also sees its skip.
 * The map keeps the latest {@link #MAX_NOT_APPLIED} offsets: an await registers right after its
 * records are published, long before that many later records are skipped.
 */
final class PartitionProgress {
  private static final Waiter[] EMPTY = {};
  private static final int MIN_CAPACITY = 8;
  private static final VarHandle WATERMARK;

  /** How many skipped offsets a partition remembers. */
  static final int MAX_NOT_APPLIED = 1024;

  static {
    try {
      WATERMARK =
          MethodHandles.lookup().findVarHandle(PartitionProgress.class, "watermark", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The next offset the consumer has not processed; every lower offset is processed. */
  private volatile long watermark;

  /** The lowest offset a queued waiter needs, or {@link Long#MAX_VALUE} when none is queued. */
  private volatile long lowestAwaited = Long.MAX_VALUE;

  private Waiter[] heap = EMPTY;
  private int size;

  /** Skipped offsets and why; null until the first skip. */
  private volatile ConcurrentSkipListMap<Long, String> notApplied;

  private final AtomicInteger notAppliedCount = new AtomicInteger();

  long watermark() {
    return watermark;
  }

  /** Returns true if every offset up to and including {@code offset} has been processed. */
  boolean covers(long offset) {
    return watermark > offset;
  }

  /**
   * Records that the record at {@code offset} was processed but not applied. Call before the
   * watermark passes {@code offset}.
   */
  void markNotApplied(long offset, String reason) {
    ConcurrentSkipListMap<Long, String> map = notApplied;
    if (map == null) {
      synchronized (this) {
        map = notApplied;
        if (map == null) {
          map = new ConcurrentSkipListMap<>();
          notApplied = map;
        }
      }
    }
    if (map.put(offset, reason) == null && notAppliedCount.incrementAndGet() > MAX_NOT_APPLIED) {
      if (map.pollFirstEntry() != null) {
        notAppliedCount.decrementAndGet();
      }
    }
  }

  /**
   * Returns why the record at {@code offset} was not applied, or null if it was (or is pending).
   */
  String notAppliedReason(long offset) {
    ConcurrentSkipListMap<Long, String> map = notApplied;
    return map == null ? null : map.get(offset);
  }

  /** Raises the watermark to {@code nextOffset}; returns false if it was already there or above. */
  boolean raise(long nextOffset) {
    long current;
    do {
      current = watermark;
      if (nextOffset <= current) {
        return false;
      }
    } while (!WATERMARK.compareAndSet(this, current, nextOffset));
    return true;
  }

  /**
   * Returns true if a watermark of {@code nextOffset} may cover a queued waiter. Called after
   * {@link #raise}; a false answer is final for that raise (see the class comment).
   */
  boolean mayWake(long nextOffset) {
    return nextOffset > lowestAwaited;
  }

  /**
   * Queues {@code waiter} unless the watermark already covers it.
   *
   * @return true if queued, false if the watermark covers it (and it is not queued)
   */
  synchronized boolean enqueue(Waiter waiter) {
    if (watermark > waiter.offset) {
      return false;
    }
    push(waiter);
    lowestAwaited = heap[0].offset;
    // The recheck: an advance may have raised the watermark after the check above and read
    // lowestAwaited before the write above, in which case it does not come for this waiter.
    if (watermark > waiter.offset) {
      removeAt(waiter.queueIndex);
      lowestAwaited = size == 0 ? Long.MAX_VALUE : heap[0].offset;
      return false;
    }
    return true;
  }

  /**
   * Takes out every waiter the watermark covers and returns, linked through {@link
   * PendingAwait#nextReady}, the awaits whose last waiter this was. The caller completes them after
   * this returns, so no future completes under the lock.
   */
  PendingAwait dequeueCovered() {
    PendingAwait ready = null;
    synchronized (this) {
      long mark = watermark;
      while (size > 0 && heap[0].offset < mark) {
        Waiter waiter = heap[0];
        removeAt(0);
        if (waiter.await.coverOne()) {
          waiter.await.nextReady = ready;
          ready = waiter.await;
        }
      }
      lowestAwaited = size == 0 ? Long.MAX_VALUE : heap[0].offset;
      shrinkIfSparse();
    }
    return ready;
  }

  /**
   * Takes {@code waiter} out of the queue if it is still there.
   *
   * @return true if it was queued and the watermark does not cover it: the consumer is still
   *     pending for it
   */
  synchronized boolean dequeue(Waiter waiter) {
    if (waiter.queueIndex < 0) {
      return false;
    }
    removeAt(waiter.queueIndex);
    lowestAwaited = size == 0 ? Long.MAX_VALUE : heap[0].offset;
    shrinkIfSparse();
    return watermark <= waiter.offset;
  }

  /** Adds the await of every queued waiter to {@code into}. */
  synchronized void collectAwaits(List<PendingAwait> into) {
    for (int i = 0; i < size; i++) {
      into.add(heap[i].await);
    }
  }

  synchronized int queued() {
    return size;
  }

  private void push(Waiter waiter) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, Math.max(MIN_CAPACITY, size * 2));
    }
    siftUp(size++, waiter);
  }

  private void removeAt(int index) {
    Waiter removed = heap[index];
    removed.queueIndex = -1;
    int last = --size;
    Waiter moved = heap[last];
    heap[last] = null;
    if (index == last) {
      return;
    }
    siftDown(index, moved);
    if (heap[index] == moved) {
      siftUp(index, moved);
    }
  }

  private void siftUp(int index, Waiter waiter) {
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      Waiter above = heap[parent];
      if (above.offset <= waiter.offset) {
        break;
      }
      place(index, above);
      index = parent;
    }
    place(index, waiter);
  }

  private void siftDown(int index, Waiter waiter) {
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      int right = child + 1;
      if (right < size && heap[right].offset < heap[child].offset) {
        child = right;
      }
      if (waiter.offset <= heap[child].offset) {
        break;
      }
      place(index, heap[child]);
      index = child;
    }
    place(index, waiter);
  }

  private void place(int index, Waiter waiter) {
    heap[index] = waiter;
    waiter.queueIndex = index;
  }

  /** Gives memory back after a burst of waiters, keeping room to grow again without copying. */
  private void shrinkIfSparse() {
    if (heap.length > MIN_CAPACITY && size < heap.length / 4) {
      heap = size == 0 ? EMPTY : Arrays.copyOf(heap, Math.max(MIN_CAPACITY, size * 2));
    }
  }
}
