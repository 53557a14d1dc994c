package io.mutationapi.benchmarks;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How a harness that runs in its own JVM hands figures to {@link Suite}: one {@code @@ key=value}
 * line each on standard output.
 */
final class Results {
  static final String PREFIX = "@@ ";
  private static final PrintStream OUT = System.out;

  private Results() {}

  static void put(String key, double value) {
    OUT.println(PREFIX + key + "=" + String.format(Locale.ROOT, "%.3f", value));
    OUT.flush();
  }

  /** Puts p50, p99, p99.9 and max of {@code h} (recorded in nanoseconds) in microseconds. */
  static void putPercentiles(String key, Histogram h) {
    put(key + ".p50_us", h.getValueAtPercentile(50) / 1000.0);
    put(key + ".p99_us", h.getValueAtPercentile(99) / 1000.0);
    put(key + ".p999_us", h.getValueAtPercentile(99.9) / 1000.0);
    put(key + ".max_us", h.getMaxValue() / 1000.0);
    put(key + ".count", h.getTotalCount());
  }

  /** A histogram of nanoseconds up to a minute, three significant digits. */
  static Histogram histogram() {
    return new Histogram(60_000_000_000L, 3);
  }
}
