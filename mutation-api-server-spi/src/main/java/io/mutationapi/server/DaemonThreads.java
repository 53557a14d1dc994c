package io.mutationapi.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one factory of the server's own threads: daemon threads (they never keep the JVM alive) named
 * {@code name}, {@code name-2}, {@code name-3}, ... so that a thread dump says whose they are.
 */
final class DaemonThreads {
  private DaemonThreads() {}

  /** Returns a factory of daemon threads named after {@code name}. */
  static ThreadFactory named(String name) {
    AtomicLong count = new AtomicLong();
    return r -> {
      long n = count.incrementAndGet();
      Thread t = new Thread(r, n == 1 ? name : name + "-" + n);
      t.setDaemon(true);
      return t;
    };
  }
}
