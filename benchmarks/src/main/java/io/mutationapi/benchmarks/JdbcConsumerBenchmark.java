package io.mutationapi.benchmarks;

import io.mutationapi.Record;
import io.mutationapi.await.Position;
import io.mutationapi.jdbc.JdbcTableConsumer;
import io.mutationapi.jdbc.SqlDialect;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Issue 19, JDBC table consumer: events applied per second by {@link
 * JdbcTableConsumer#processBatch} (the demo's {@code local-db}: FirstName, LastName and Email
 * projected to text columns, default settings, its own threads), batches of 1, 16, 100 and 500 (the
 * in-memory stream delivers up to 500 per partition), against {@link HandUpsert} writing the same
 * rows on the same pooled connection ({@code executeBatch}, one commit per batch). A third side,
 * the same consumer with {@code executor(Runnable::run)}, shows its own work without the hand-off
 * to its threads. Each measurement starts from an empty table and inserts new records (creates, as
 * under load). Both run on H2 in memory (as the demo) and on embedded PostgreSQL, in this JVM,
 * taking turns batch by batch (each round starts the turns at another side); the hand upsert keeps
 * one connection and statement for the round, the consumer borrows a connection of the same pool
 * per batch. Events/s is events over the time spent in the calls (building the events is not
 * timed), and also at the median batch time, which a machine shared with other work moves less.
 *
 * <p>Arguments: warm-up seconds per database (default 5), measured milliseconds per batch size and
 * round, shared by the three sides (default 750), rounds (default 3), {@code h2}, {@code postgres}
 * or {@code all} (default).
 */
public final class JdbcConsumerBenchmark {
  static final int[] BATCH_SIZES = {1, 16, 100, 500};

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long next;
  private final Instant now = Instant.now();

  private JdbcConsumerBenchmark() {}

  public static void main(String[] args) throws Exception {
    double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    long measureMillis = args.length > 1 ? Long.parseLong(args[1]) : 750;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String only = args.length > 3 ? args[3] : "all";
    JdbcConsumerBenchmark bench = new JdbcConsumerBenchmark();
    if (!only.equals("postgres")) {
      try (BenchDatabase h2 = BenchDatabase.h2()) {
        bench.run(h2, warmupSeconds, measureMillis, rounds);
      }
    }
    if (only.equals("h2")) {
      return;
    }
    try (BenchDatabase pg = BenchDatabase.postgres()) {
      System.err.println(
          "embedded PostgreSQL: synchronous_commit="
              + pg.setting("synchronous_commit")
              + " fsync="
              + pg.setting("fsync")
              + " shared_buffers="
              + pg.setting("shared_buffers"));
      Results.put("jdbc.postgres.synchronous_commit_off", isOff(pg.setting("synchronous_commit")));
      bench.run(pg, warmupSeconds, measureMillis, rounds);
    }
  }

  private static double isOff(String setting) {
    return "off".equals(setting) ? 1 : 0;
  }

  private void run(BenchDatabase db, double warmupSeconds, long measureMillis, int rounds)
      throws Exception {
    JdbcTableConsumer consumer = db.localDb().build();
    consumer.createTableIfMissing();
    // The same consumer run on the caller's thread: what its own work costs, without the hand-off
    // to its threads (which keeps one partition waiting on a lock from holding up the others).
    JdbcTableConsumer inline = db.localDb().executor(Runnable::run).build();
    JdbcTableConsumer[] consumers = {consumer, inline};
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (System.nanoTime() < warmEnd) {
      for (int size : BATCH_SIZES) {
        measure(db, consumers, size, 50, 0);
      }
    }
    for (int size : BATCH_SIZES) {
      Tally ours = new Tally();
      Tally own = new Tally();
      Tally hand = new Tally();
      double min = Double.MAX_VALUE;
      double max = 0;
      for (int round = 0; round < rounds; round++) {
        Tally[] t = measure(db, consumers, size, measureMillis, round);
        ours.add(t[0]);
        own.add(t[1]);
        hand.add(t[2]);
        double ratio = t[0].perSecond() / t[2].perSecond();
        min = Math.min(min, ratio);
        max = Math.max(max, ratio);
        System.err.printf(
            Locale.ROOT,
            "%s batch=%d round=%d ours=%.0f ev/s inline=%.0f ev/s hand=%.0f ev/s ratio=%.2f"
                + " inline ratio=%.2f; at median batch: ratio=%.2f inline ratio=%.2f;"
                + " JVM CPU µs/event ours=%.1f inline=%.1f hand=%.1f%n",
            db.name,
            size,
            round,
            t[0].perSecond(),
            t[1].perSecond(),
            t[2].perSecond(),
            ratio,
            t[1].perSecond() / t[2].perSecond(),
            t[0].medianPerSecond() / t[2].medianPerSecond(),
            t[1].medianPerSecond() / t[2].medianPerSecond(),
            t[0].cpuMicrosPerEvent(),
            t[1].cpuMicrosPerEvent(),
            t[2].cpuMicrosPerEvent());
      }
      String key = "jdbc." + db.name + "." + size;
      Results.put(key + ".ours_eps", ours.perSecond());
      Results.put(key + ".inline_eps", own.perSecond());
      Results.put(key + ".hand_eps", hand.perSecond());
      Results.put(key + ".ratio", ours.perSecond() / hand.perSecond());
      Results.put(key + ".ratio_min", min);
      Results.put(key + ".ratio_max", max);
      Results.put(key + ".inline_ratio", own.perSecond() / hand.perSecond());
      Results.put(key + ".ours_eps_median", ours.medianPerSecond());
      Results.put(key + ".inline_eps_median", own.medianPerSecond());
      Results.put(key + ".hand_eps_median", hand.medianPerSecond());
      Results.put(key + ".ratio_median", ours.medianPerSecond() / hand.medianPerSecond());
      Results.put(key + ".inline_ratio_median", own.medianPerSecond() / hand.medianPerSecond());
      // This JVM's CPU (all threads); on PostgreSQL the server's own CPU is not in it.
      Results.put(key + ".ours_cpu_us", ours.cpuMicrosPerEvent());
      Results.put(key + ".inline_cpu_us", own.cpuMicrosPerEvent());
      Results.put(key + ".hand_cpu_us", hand.cpuMicrosPerEvent());
    }
  }

  /**
   * One round: from an empty table, batches of {@code size} go in turn to the consumer, the same
   * consumer on the caller's thread, and the hand upsert (each the others' rows' twin, with ids of
   * its own) for {@code millis}; returns {ours, inline, hand}. Taking turns batch by batch keeps
   * the machine's load swings out of the ratios; each round starts the turns at another one.
   */
  private Tally[] measure(
      BenchDatabase db, JdbcTableConsumer[] consumers, int size, long millis, int round)
      throws SQLException {
    db.truncate();
    Tally[] tallies = {new Tally(), new Tally(), new Tally()};
    long end = System.nanoTime() + millis * 1_000_000;
    try (HandUpsert upsert = new HandUpsert(db.pool.getConnection(), db.dialect == SqlDialect.H2)) {
      int turn = round % 3;
      while (System.nanoTime() < end) {
        for (int i = 0; i < 3; i++, turn = (turn + 1) % 3) {
          List<ChangeEvent> batch = batch(size);
          long c0 = OS.getProcessCpuTime();
          long t0 = System.nanoTime();
          if (turn < 2) {
            BatchResult result = consumers[turn].processBatch(batch).toCompletableFuture().join();
            tallies[turn].add(size, System.nanoTime() - t0, OS.getProcessCpuTime() - c0);
            if (!result.notApplied().isEmpty()) {
              throw new IllegalStateException("not applied: " + result.notApplied().size());
            }
          } else {
            List<Record> records = new ArrayList<>(batch.size());
            for (ChangeEvent e : batch) {
              records.add(e.record());
            }
            upsert.write(records);
            tallies[2].add(size, System.nanoTime() - t0, OS.getProcessCpuTime() - c0);
          }
        }
      }
    }
    return tallies;
  }

  private List<ChangeEvent> batch(int size) {
    List<ChangeEvent> events = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long n = ++next;
      String digits = Long.toString(n, 36);
      Record r =
          Record.builder()
              .syncId(Fixtures.SYNC)
              .collectionId(Fixtures.COLLECTION)
              .upstreamId("003" + "0".repeat(Math.max(0, 15 - digits.length())) + digits)
              .upstreamCreatedAt(now)
              .upstreamUpdatedAt(now)
              .updatedIdx(n)
              .data(Fixtures.contact((int) n))
              .build();
      events.add(new ChangeEvent(new Position(0, n), r));
    }
    return events;
  }

  /** Events and the time spent applying them. */
  private static final class Tally {
    final Histogram batches = Results.histogram();
    long size;
    long events;
    long nanos;
    long cpuNanos;

    void add(long events, long nanos, long cpuNanos) {
      this.size = events;
      this.events += events;
      this.nanos += nanos;
      this.cpuNanos += cpuNanos;
      batches.recordValue(nanos);
    }

    void add(Tally other) {
      this.size = other.size;
      this.events += other.events;
      this.nanos += other.nanos;
      this.cpuNanos += other.cpuNanos;
      batches.add(other.batches);
    }

    /**
     * Events per second at the median batch time: on a shared machine a batch descheduled for
     * milliseconds moves the mean, not the median.
     */
    double medianPerSecond() {
      return size * 1e9 / batches.getValueAtPercentile(50);
    }

    double cpuMicrosPerEvent() {
      return cpuNanos / 1000.0 / events;
    }

    double perSecond() {
      return events * 1e9 / nanos;
    }
  }
}
