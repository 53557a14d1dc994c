package io.mutationapi.benchmarks;

/** The report's table of targets, each against its baseline from the same run. */
final class TargetsSection extends ReportSection {
  TargetsSection(ReportSection report) {
    super(report);
  }

  /** Appends the sections to the report. */
  void write() {
    targets();
  }

  private void targets() {
    line("## Targets");
    line("");
    line("| target | measured | baseline, same run | result | met |");
    line("|---|---|---|---|---|");
    double run = get("jmh.EngineBenchmark.run.score");
    double up = get("jmh.EngineBenchmark.upstream.score");
    double blocking = get("jmh.EngineBenchmark.runBlocking.score");
    double batch = get("jmh.EngineBenchmark.runBlockingBatch.score");
    double upBatch = get("jmh.EngineBenchmark.upstreamBatch.score");
    row(
        "engine overhead without await <= 10 µs per 1-record mutation",
        us(run)
            + " per run (a non-blocking upstream, called on the caller's thread); "
            + us(batch)
            + " per run with 64 in flight through the upstream pool; "
            + us(blocking)
            + " one at a time through the pool",
        us(up) + " / " + us(upBatch) + " / " + us(up) + " upstream alone",
        "+" + us(run - up) + " / +" + us(batch - upBatch) + " / +" + us(blocking - up),
        met(run - up <= 10)
            + " (non-blocking upstream), "
            + met(batch - upBatch <= 10)
            + " at throughput through the pool, "
            + met(blocking - up <= 10)
            + " as latency through the pool");
    double handoff = get("await.handoff.10000.p99_us");
    double inline = get("await.inline.10000.p99_us");
    row(
        "await wake-up p99 <= 100 µs, 10,000 pending",
        "p99 " + us(handoff) + " to a parked thread; " + us(inline) + " inline",
        "p99 " + us(get("await.handoff.1.p99_us")) + " with 1 pending",
        "",
        met(handoff <= 100) + " (parked thread), " + met(inline <= 100) + " (inline)");
    for (int clients : new int[] {16, 64}) {
      String k = "http." + clients;
      double ratio = get(k + ".ratio");
      row(
          "HTTP throughput >= 0.8x bare Jetty server, " + clients + " clients",
          num(get(k + ".ours_rps"))
              + " req/s, "
              + fmt(get(k + ".ours_cpu_us"))
              + " µs CPU per request",
          num(get(k + ".jetty_rps"))
              + " req/s, "
              + fmt(get(k + ".jetty_cpu_us"))
              + " µs CPU (bare JDK: "
              + num(get(k + ".bare_rps"))
              + " req/s)",
          x(ratio)
              + " (rounds: "
              + x(get(k + ".ratio_min"))
              + " to "
              + x(get(k + ".ratio_max"))
              + "); CPU per request "
              + x(get(k + ".cpu_ratio")),
          met(ratio >= 0.8));
    }
    if (f.containsKey("client.ratio")) {
      double ratio = get("client.ratio");
      double p50 = get("client.execute.p50_us") / get("client.okhttp.p50_us");
      row(
          "client <= 1.1x raw OkHttp",
          us(get("client.execute.mean_us"))
              + " mean, "
              + us(get("client.execute.p50_us"))
              + " median per call",
          us(get("client.okhttp.mean_us"))
              + " mean, "
              + us(get("client.okhttp.p50_us"))
              + " median",
          x(ratio) + " mean, " + x(p50) + " median",
          met(ratio <= 1.1) + " (mean), " + met(p50 <= 1.1) + " (median)");
    } else {
      row("client <= 1.1x raw OkHttp", "not measured: no client module", "", "", "n/a");
    }
    double perAwait = get("memory.registry.bytes_per_await");
    row(
        "<= 2 KiB heap per pending await (10,000 pending)",
        bytes(perAwait)
            + " in the registry; "
            + bytes(get("memory.engine.bytes_per_await"))
            + " in the engine",
        bytes(get("memory.http.bytes_per_request")) + " per waiting HTTP request, all included",
        "",
        met(perAwait <= 2048 && get("memory.engine.bytes_per_await") <= 2048));
    double threads = get("threads.http.server");
    row(
        "10,000 pending awaits with <= 32 server threads",
        num(threads) + " server threads",
        num(get("threads.http.jvm_total")) + " threads in the JVM",
        "",
        met(threads <= 32 && get("memory.http.answered_200") == MemoryBenchmark.PENDING));
    line("");
  }
}
