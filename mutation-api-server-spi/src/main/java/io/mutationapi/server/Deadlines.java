package io.mutationapi.server;

import io.mutationapi.Record;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The upstream timeout: fails an upstream call that outlives its request's deadline, without
 * stopping it, and hands what it applies afterwards to the {@link LatePublisher}.
 */
final class Deadlines {
  private final ScheduledExecutorService timer;
  private final Duration timeout;
  private final LatePublisher late;

  Deadlines(ScheduledExecutorService timer, Duration timeout, LatePublisher late) {
    this.timer = timer;
    this.timeout = timeout;
    this.late = late;
  }

  /** Returns the deadline, on the {@link System#nanoTime()} scale, of a request starting now. */
  long startNanos() {
    return System.nanoTime() + timeout.toNanos();
  }

  /** Returns true if {@code deadlineNanos} has passed. */
  static boolean hasPassed(long deadlineNanos) {
    return System.nanoTime() - deadlineNanos >= 0;
  }

  /**
   * Returns {@code call}, or a stage that fails with {@link DeadlinePassed} if {@code call} has not
   * completed by {@code deadlineNanos}. A call that completes after that is still published: the
   * upstream applied it, so consumers must see it, even though the caller was told 504.
   */
  CompletableFuture<List<Record>> bound(
      CompletableFuture<List<Record>> call, String syncId, long deadlineNanos) {
    if (call.isDone()) {
      return call;
    }
    CompletableFuture<List<Record>> timed = new CompletableFuture<>();
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(
              () -> timed.completeExceptionally(new DeadlinePassed(timedOut())),
              Math.max(0, deadlineNanos - System.nanoTime()),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The timer is shut down: the server is closing; wait for the call as before.
      return call;
    }
    call.whenComplete(
        (records, error) -> {
          deadline.cancel(false);
          boolean inTime =
              error == null ? timed.complete(records) : timed.completeExceptionally(error);
          if (!inTime) {
            late.publish(syncId, timeout, records, error);
          }
        });
    return timed;
  }

  /** The failure of a request whose upstream calls took longer than the timeout. */
  UpstreamException timedOut() {
    return UpstreamException.timeout(
        "The upstream did not answer within "
            + describe(timeout)
            + "; the change may still be applied");
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Fails an upstream call that outlives the upstream timeout; the call itself is not stopped. */
  static final class DeadlinePassed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient UpstreamException failure;

    DeadlinePassed(UpstreamException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
