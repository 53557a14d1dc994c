package io.mutationapi.server;

import io.mutationapi.internal.DaemonThreads;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The executors a server creates when the builder was given none; it shuts them down on close. */
final class OwnedExecutors {
  private OwnedExecutors() {}

  /** The await and deadline timer; most timeouts are cancelled, so it drops them at once. */
  static ScheduledExecutorService timer(List<ExecutorService> owned) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mutation-await-timer"));
    timer.setRemoveOnCancelPolicy(true);
    owned.add(timer);
    return timer;
  }

  /** The bounded upstream executor: {@code threads} threads and {@code queue} calls queued. */
  static ExecutorService upstream(int threads, int queue, List<ExecutorService> owned) {
    ThreadPoolExecutor upstream =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queue)),
            DaemonThreads.named("mutation-upstream"));
    upstream.allowCoreThreadTimeOut(true);
    owned.add(upstream);
    return upstream;
  }
}
