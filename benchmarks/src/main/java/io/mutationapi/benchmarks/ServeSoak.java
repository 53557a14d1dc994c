package io.mutationapi.benchmarks;

import com.example.mutations.DemoServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue #19: the demo {@code serve} ({@link DemoServer}, all its consumers, a {@link PullWorker}
 * acking {@code http-worker}) at full load for MINUTES, sampling the heap after a GC every 10 s: is
 * it flat once warm? The load is what a real user would run for long and can be flat: 16 keep-alive
 * clients ({@link SoakClient}), closed loop, each over a population of its own contacts (creates
 * until it holds them, then create, update, update, delete-the-oldest), half the clients sending an
 * {@code Idempotency-Key} with every request, the two syncs half each.
 *
 * <p>Reports requests per second, the answers by status (non-200 are errors), each consumer's
 * largest and last lag, the heap after GC at the first and last sample after warm-up (a fifth of
 * the run, at most 2 minutes), its largest value, and its slope after warm-up (least squares, MB a
 * minute). Warm-up lasts until the bounded structures are full: a fifth of the run (at most 2
 * minutes) and at least {@link #WARM_KEYED_REQUESTS} keyed requests (twice what the idempotency
 * store's default 64 MiB keep), or the first half of the run if that never comes. Not part of the
 * default suite.
 *
 * <p>Arguments: MINUTES (default 10), clients (16), contacts per client (1,000).
 */
public final class ServeSoak {
  static final String TOKEN = "serve-soak-token-0123456789";
  private static final long SAMPLE_SECONDS = 10;

  /** Keyed requests before the heap counts: twice the ~84,000 keys 64 MiB keep. */
  static final long WARM_KEYED_REQUESTS = 170_000;

  private ServeSoak() {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int population = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    long runNanos = (long) (minutes * 60e9);
    long warmupNanos = Math.min(TimeUnit.MINUTES.toNanos(2), runNanos / 5);

    List<double[]> samples = new ArrayList<>(); // seconds, heap MB, keyed requests so far
    Map<String, Long> lagMax = new TreeMap<>();
    Map<String, Long> lagEnd = Map.of();
    List<SoakClient> load = new ArrayList<>();
    long requests;
    double seconds;
    long acked;
    try (DemoServer demo = DemoServer.start(0, TOKEN);
        PullWorker worker = PullWorker.start(demo.baseUrl(), DemoServer.HTTP_WORKER, TOKEN, 1000)) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", demo.port());
      for (int i = 0; i < clients; i++) {
        String sync = DemoServer.SYNC_IDS.get(i % DemoServer.SYNC_IDS.size());
        SoakClient c = new SoakClient(address, TOKEN, sync, population, i % 4 < 2);
        load.add(c);
        c.thread.start();
      }
      long start = System.nanoTime();
      long next = start;
      while (System.nanoTime() - start < runNanos) {
        next += TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS);
        ServeBenchmark.sleepUntil(Math.min(next, start + runNanos));
        double at = (System.nanoTime() - start) / 1e9;
        double heap = heapAfterGc() / 1e6;
        lagEnd = ServeBenchmark.lags(demo.baseUrl(), TOKEN);
        lagEnd.forEach((c, l) -> lagMax.merge(c, l, Math::max));
        long done = load.stream().mapToLong(c -> c.requests.get()).sum();
        long keyed = load.stream().filter(c -> c.keyed).mapToLong(c -> c.requests.get()).sum();
        samples.add(new double[] {at, heap, keyed});
        System.err.printf(
            "%6.0f s  heap after GC %7.1f MB  requests %,d (%,.0f/s)  lag %s  acked %,d%n",
            at, heap, done, done / at, lagEnd, worker.acked());
        for (SoakClient c : load) {
          if (c.failure != null) {
            throw new IllegalStateException("a load client failed", c.failure);
          }
        }
      }
      seconds = (System.nanoTime() - start) / 1e9;
      load.forEach(c -> c.stopped = true);
      acked = worker.acked();
      for (SoakClient c : load) {
        c.thread.join(35_000);
      }
      requests = load.stream().mapToLong(c -> c.requests.get()).sum();
    }

    Map<Integer, Long> byStatus = new TreeMap<>();
    for (SoakClient c : load) {
      c.byStatus.forEach((s, n) -> byStatus.merge(s, n.get(), Long::sum));
    }
    long errors = requests - byStatus.getOrDefault(200, 0L);
    List<double[]> warm = new ArrayList<>();
    double warmFrom = seconds / 2;
    for (double[] s : samples) {
      if (s[0] * 1e9 >= warmupNanos && s[2] >= WARM_KEYED_REQUESTS) {
        warmFrom = s[0];
        break;
      }
    }
    for (double[] s : samples) {
      if (s[0] >= warmFrom) {
        warm.add(s);
      }
    }
    Results.put("soak.minutes", seconds / 60);
    Results.put("soak.rps", requests / seconds);
    Results.put("soak.errors", errors);
    byStatus.forEach((s, n) -> Results.put("soak.status." + s, n));
    Results.put("soak.worker_acked", acked);
    lagMax.forEach((c, l) -> Results.put("soak.lag_max." + c.replace('-', '_'), l));
    lagEnd.forEach((c, l) -> Results.put("soak.lag_end." + c.replace('-', '_'), l));
    Results.put("soak.warmup_seconds", warmFrom);
    Results.put("soak.heap_first_mb", warm.isEmpty() ? Double.NaN : warm.get(0)[1]);
    Results.put("soak.heap_last_mb", warm.isEmpty() ? Double.NaN : warm.get(warm.size() - 1)[1]);
    Results.put("soak.heap_max_mb", warm.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN));
    Results.put("soak.heap_slope_mb_per_min", slopePerMinute(warm));
    Results.put(
        "soak.measured_minutes",
        warm.size() < 2 ? 0 : (warm.get(warm.size() - 1)[0] - warm.get(0)[0]) / 60);
  }

  /** Least-squares slope of (seconds, MB), in MB a minute; NaN with fewer than 2 samples. */
  static double slopePerMinute(List<double[]> samples) {
    int n = samples.size();
    if (n < 2) {
      return Double.NaN;
    }
    double sx = 0;
    double sy = 0;
    for (double[] s : samples) {
      sx += s[0];
      sy += s[1];
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (double[] s : samples) {
      num += (s[0] - mx) * (s[1] - my);
      den += (s[0] - mx) * (s[0] - mx);
    }
    return num / den * 60;
  }

  /** Used heap after a full collection, in bytes. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
