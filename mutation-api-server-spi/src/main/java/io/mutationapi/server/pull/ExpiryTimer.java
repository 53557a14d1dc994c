package io.mutationapi.server.pull;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer task of an HTTP consumer that gives back messages whose ack wait passed: armed for
 * the earliest deadline, at most one at a time. Since every message of a consumer has the same ack
 * wait, deadlines come in the order messages were handed out, and one task is enough: when it runs
 * it expires what is due and arms itself for the next. Not thread-safe: guarded by the owning
 * {@link HttpConsumer}'s lock.
 */
final class ExpiryTimer {
  private final ScheduledExecutorService timer;
  private final Runnable expire;
  private ScheduledFuture<?> task;

  ExpiryTimer(ScheduledExecutorService timer, Runnable expire) {
    this.timer = timer;
    this.expire = expire;
  }

  /** Schedules a run at {@code deadlineNanos} (a {@link System#nanoTime} value) unless one is. */
  void arm(Long deadlineNanos) {
    if (task != null || deadlineNanos == null) {
      return;
    }
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      task = timer.schedule(expire, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The server is closing.
    }
  }

  /** Called first by the task when it runs: the next {@link #arm} schedules again. */
  void fired() {
    task = null;
  }

  void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }
}
