package io.mutationapi.benchmarks;

/**
 * Issue 19's rows for the server's own path, each against its ceiling from the same run: the
 * read-your-writes overhead of an awaited create on an in-memory consumer ({@link
 * AwaitOverheadBenchmark}, and JMH's {@code EngineBenchmark.runAwait} against {@code run}), and the
 * HTTP server against the bare JDK server with Jackson ({@link HttpBenchmark}).
 */
final class ServerTargetsSection extends ReportSection {
  ServerTargetsSection(ReportSection report) {
    super(report);
  }

  /** Appends the rows, under a header of their own. */
  void write() {
    line("### Targets of issue 19: the server's own path");
    line("");
    line("| target | measured | ceiling, same run | result | met |");
    line("|---|---|---|---|---|");
    awaitOverhead();
    http();
    line("");
  }

  private void awaitOverhead() {
    String k = "await_overhead.";
    double p50 = get(k + "inline.p50_us");
    double jmh = get("jmh.EngineBenchmark.runAwait.score") - get("jmh.EngineBenchmark.run.score");
    row(
        "awaited create, one at a time, in-memory consumer: at most +20 µs over the same create"
            + " without await",
        "p50 "
            + us(get(k + "await.p50_us"))
            + ", p90 "
            + us(get(k + "await.p90_us"))
            + " awaiting (JMH mean "
            + us(get("jmh.EngineBenchmark.runAwait.score"))
            + ")",
        "p50 "
            + us(get(k + "plain.p50_us"))
            + ", p90 "
            + us(get(k + "plain.p90_us"))
            + " without await (JMH mean "
            + us(get("jmh.EngineBenchmark.run.score"))
            + ")",
        signed(p50)
            + " at p50, "
            + signed(get(k + "inline.p90_us"))
            + " at p90 (JMH means: "
            + signed(jmh)
            + "); a consumer on its own thread: "
            + signed(get(k + "threaded.p50_us"))
            + " at p50, "
            + signed(get(k + "threaded.p90_us"))
            + " at p90",
        met(p50 <= 20));
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + us(v);
  }

  private void http() {
    for (int clients : new int[] {16, 64}) {
      String k = "http." + clients;
      double rps = get(k + ".jdk_ratio");
      double cpu = get(k + ".ours_cpu_us") / get(k + ".bare_cpu_us");
      row(
          "HTTP server, 1-record create, "
              + clients
              + " clients: >= 0.9x the requests/s of a bare JDK server + Jackson, CPU per"
              + " request <= 1.15x",
          num(get(k + ".ours_rps"))
              + " req/s, "
              + fmt(get(k + ".ours_cpu_us"))
              + " µs CPU per request",
          num(get(k + ".bare_rps"))
              + " req/s, "
              + fmt(get(k + ".bare_cpu_us"))
              + " µs CPU (bare Jetty: "
              + num(get(k + ".jetty_rps"))
              + " req/s, "
              + fmt(get(k + ".jetty_cpu_us"))
              + " µs)",
          x(rps)
              + " requests/s, "
              + x(cpu)
              + " CPU per request (against bare Jetty: "
              + x(get(k + ".ratio"))
              + ", "
              + x(get(k + ".cpu_ratio"))
              + ")",
          met(rps >= 0.9) + " (requests/s), " + met(cpu <= 1.15) + " (CPU)");
    }
  }
}
