package io.mutationapi.benchmarks;

/** The report's sections on HTTP end to end and the handler's CPU per request. */
final class HttpSections extends ReportSection {
  HttpSections(ReportSection report) {
    super(report);
  }

  /** Appends the sections to the report. */
  void write() {
    http();
    handler();
  }

  private void http() {
    line("## 4. HTTP end to end over loopback (1-record create, keep-alive)");
    line("");
    line(
        "| clients | ours / bare Jetty | rounds | ours / bare JDK | ours req/s | bare Jetty req/s |"
            + " bare JDK req/s | CPU µs per request: ours / bare Jetty / bare JDK | ours p50 / p99 /"
            + " p99.9 | bare Jetty p50 / p99 / p99.9 | bare JDK p50 / p99 / p99.9 | in-memory"
            + " upstream / bare Jetty | errors |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int c : new int[] {1, 16, 64}) {
      String k = "http." + c;
      line(
          "| "
              + c
              + " | **"
              + x(get(k + ".ratio"))
              + "** | "
              + x(get(k + ".ratio_min"))
              + " to "
              + x(get(k + ".ratio_max"))
              + " | "
              + x(get(k + ".jdk_ratio"))
              + " | "
              + num(get(k + ".ours_rps"))
              + " | "
              + num(get(k + ".jetty_rps"))
              + " | "
              + num(get(k + ".bare_rps"))
              + " | "
              + fmt(get(k + ".ours_cpu_us"))
              + " / "
              + fmt(get(k + ".jetty_cpu_us"))
              + " / "
              + fmt(get(k + ".bare_cpu_us"))
              + " | "
              + pct(k + ".ours")
              + " | "
              + pct(k + ".jetty")
              + " | "
              + pct(k + ".bare")
              + " | "
              + x(get(k + ".inmemory_ratio"))
              + " | "
              + num(get(k + ".errors"))
              + " |");
    }
    line("");
    line(
        "*Ours*: `MutationServer` with a stateless upstream (`Fixtures.StatelessUpstream`: stamps"
            + " an 18-character id, timestamps and `updated_idx` on each record, keeps nothing,"
            + " never blocks), the in-memory stream, a bearer token, no await, served by"
            + " `MutationHttpServer` (Jetty 12, its default pool). *In-memory"
            + " upstream*: the same with `InMemoryUpstream`, which also validates emails and keeps"
            + " every record in this heap, so the collector copies a growing store (its GC pauses"
            + " were about 9 times the stateless run's). *Bare Jetty*: Jetty with the same defaults"
            + " and a trivial handler that reads the body, parses it with Jackson (`readTree`) and"
            + " writes a fixed 200 body of the same size as ours; the headline ratio is against it."
            + " *Bare JDK*: the same handler on a JDK `HttpServer` with a fixed pool of 4 threads"
            + " and `sun.net.httpserver.nodelay=true` (the embedded server before it moved to"
            + " Jetty). All run in the same JVM, after a warm-up that lasts"
            + " until the JIT compilers are done (or a minute); each round runs the four servers"
            + " in a different order, each fresh. *Rounds* is the range of the per-round ratios,"
            + " which shows the machine's noise. *CPU per request* is the process's CPU time in"
            + " the measured period less the load threads' own, divided by the requests: it moves"
            + " less with the load than requests per second. The load generator (`LoadGenerator`)"
            + " is in the same JVM: N threads, one keep-alive connection each, closed loop.");
    line("");
  }

  private void handler() {
    line(
        "CPU per request without sockets or threads (`HandlerBenchmark`, JMH): the handler with the"
            + " stateless upstream (called on the caller's thread, as a non-blocking upstream is),"
            + " against the bare handler's work.");
    line("");
    line("| benchmark | µs/op | bytes allocated/op |");
    line("|---|---|---|");
    String[][] rows = {
      {"bareReadTree", "bare baseline's handler: Jackson `readTree` of the body"},
      {"handle", "`MutationHttpHandler.handle`, no `X-Request-Id` sent (one is generated)"},
      {"handleWithRequestId", "`MutationHttpHandler.handle`, `X-Request-Id` sent"},
    };
    for (String[] r : rows) {
      String k = "jmh.HandlerBenchmark." + r[0];
      line(
          "| "
              + r[1]
              + " | "
              + fmt(get(k + ".score"))
              + " ± "
              + fmt(get(k + ".error"))
              + " | "
              + num(get(k + ".bytes_per_op"))
              + " |");
    }
    line("");
  }
}
