package com.example.mutations;

import io.mutationapi.jdbc.JdbcTableConsumer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The demo's {@code local-db} and what runs beside it: its {@link JdbcTableConsumer} (table created
 * if missing), the {@link #THREADS} threads that write its batches and, for the in-memory database,
 * a timer that removes tombstones older than {@link #TOMBSTONE_RETENTION} every 5 s. {@link #close}
 * stops both and drops an in-memory database (a shared one is left alone).
 */
final class LocalDb implements AutoCloseable {
  /**
   * How long {@code local-db}'s in-memory table keeps the row of a deleted record ({@code deleted =
   * true}, a tombstone) before the demo removes it: 10 s, so the table does not grow with deletes
   * (it holds 10 s of deletes, whatever the load). The in-memory stream redelivers within seconds,
   * so no stale version of the record comes after that. Checked every 5 s. A shared database
   * ({@code --jdbc-url}) is left alone.
   */
  static final Duration TOMBSTONE_RETENTION = Duration.ofSeconds(10);

  /**
   * How many threads write {@code local-db}'s batches: 2. The library's default is a thread per
   * partition in flight (up to 16), each writing its own small batch in its own transaction; on a
   * machine of a few cores these race for the same cores, and under load fewer, larger batches cost
   * less per event. Measured with 16 clients on 2 busy cores ({@code ServeBenchmark}, two paired
   * runs): the server's CPU per request 317 -> 213 and 297 -> 215 µs, 0.38x -> 0.61x and 0.29x ->
   * 0.33x of a bare JDK server.
   */
  static final int THREADS = 2;

  final DataSource database;
  final JdbcTableConsumer consumer;
  private final ExecutorService threads;
  private final ScheduledExecutorService housekeeping;

  LocalDb(DataSource database) {
    this.database = database;
    this.threads = writerThreads();
    this.consumer = DemoDatabase.localDb(database, threads);
    consumer.createTableIfMissing();
    this.housekeeping = database instanceof JdbcConnectionPool ? purgeTombstones(database) : null;
  }

  @Override
  public void close() {
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    threads.shutdownNow();
    DemoDatabase.dropIfInMemory(database);
  }

  /** The daemon threads that write {@code local-db}'s batches. */
  private static ExecutorService writerThreads() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        THREADS,
        task -> {
          Thread thread = new Thread(task, "mutation-jdbc-local-db-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Removes {@code local-db}'s old tombstones every 5 s, on a daemon thread of its own. */
  private static ScheduledExecutorService purgeTombstones(DataSource database) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "demo-tombstones");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            DemoDatabase.purgeTombstones(database, TOMBSTONE_RETENTION);
          } catch (SQLException | RuntimeException e) {
            // The table may be busy or the server closing; the next run tries again.
          }
        },
        5,
        5,
        TimeUnit.SECONDS);
    return timer;
  }
}
