package io.mutationapi.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one factory of the library's own threads (server and await registry): daemon threads (they
 * never keep the JVM alive) named {@code name}, {@code name-2}, {@code name-3}, ... so that a
 * thread dump says whose they are.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Returns a factory of daemon threads named after {@code name}. */
  public static ThreadFactory named(String name) {
    AtomicLong count = new AtomicLong();
    return r -> {
      long n = count.incrementAndGet();
      Thread t = new Thread(r, n == 1 ? name : name + "-" + n);
      t.setDaemon(true);
      return t;
    };
  }
}
