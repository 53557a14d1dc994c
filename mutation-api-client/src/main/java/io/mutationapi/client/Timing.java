package io.mutationapi.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time as the retry loop sees it: a clock, a way to wait on the caller's thread, a way to run
 * something later, and the jitter source. Tests replace it so that backoff is checked without
 * waiting.
 */
interface Timing {
  /** Returns a monotonic time in nanoseconds. */
  long nanoTime();

  /** Blocks the calling thread for {@code nanos}. */
  void sleep(long nanos) throws InterruptedException;

  /** Runs {@code task} after {@code nanos}, on some other thread. */
  void schedule(Runnable task, long nanos);

  /** Returns a uniformly distributed number in {@code [0, 1)}. */
  double random();

  /**
   * Runs {@code task} after {@code nanos} on some other thread unless the returned action runs
   * first; that action cancels it and lets go of the task at once, so a long deadline on a call
   * that finished long ago holds no memory.
   */
  Runnable deadline(Runnable task, long nanos);

  /** The real clock; scheduled tasks run on the JDK's shared delay thread. */
  Timing SYSTEM =
      new Timing() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }

        @Override
        public void schedule(Runnable task, long nanos) {
          // The task only enqueues an OkHttp call, which does not block, so running it on the
          // delay thread itself is fine and needs no executor of ours to shut down.
          CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run)
              .execute(task);
        }

        @Override
        public double random() {
          return ThreadLocalRandom.current().nextDouble();
        }

        @Override
        public Runnable deadline(Runnable task, long nanos) {
          // orTimeout's timer is the JDK's shared delay thread, and completing the future removes
          // the timer from its queue.
          CompletableFuture<Void> timer = new CompletableFuture<>();
          timer
              .orTimeout(nanos, TimeUnit.NANOSECONDS)
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      task.run();
                    }
                  });
          return () -> timer.complete(null);
        }
      };
}
