package io.mutationapi.benchmarks;

/**
 * The report's section on the demo {@code serve} under load ({@link ServeBenchmark}), the heap per
 * record of the in-memory structures (the {@code memory.idempotency/stream/upstream} figures of
 * {@link MemoryBenchmark}) and, when it ran, the soak ({@link ServeSoak}).
 */
final class ServeSection extends ReportSection {
  static final String[] GROUPS = {
    "http",
    "local_db",
    "slow_mirror",
    "http_worker",
    "common_pool",
    "server_other",
    "gc",
    "jit",
    "jvm_other",
    "other",
    "unattributed",
    "load",
    "worker"
  };

  ServeSection(ReportSection report) {
    super(report);
  }

  /** Appends the section to the report. */
  void write() {
    line("## Demo serve with its consumers, and memory per record (issue #19)");
    line("");
    line("| target | measured | ceiling, same run | result | met |");
    line("|---|---|---|---|---|");
    serve();
    memory();
    soak();
    line("");
    split();
  }

  private void serve() {
    if (!f.containsKey("serve.ratio")) {
      return;
    }
    double ratio = get("serve.ratio");
    row(
        "demo `serve` with its consumers, 16 clients, 1-contact creates: >= 0.6x bare JDK",
        num(get("serve.ours_rps"))
            + " req/s, "
            + fmt(get("serve.ours_cpu_us"))
            + " µs server CPU per request, p50 / p99 / p99.9 "
            + pct("serve.ours"),
        num(get("serve.bare_rps"))
            + " req/s, "
            + fmt(get("serve.bare_cpu_us"))
            + " µs CPU per request, "
            + pct("serve.bare"),
        "**"
            + x(ratio)
            + "** (rounds "
            + x(get("serve.ratio_min"))
            + " to "
            + x(get("serve.ratio_max"))
            + "); CPU "
            + x(get("serve.cpu_ratio")),
        met(ratio >= 0.6));
    double rate = get("serve.ours_rps");
    StringBuilder lags = new StringBuilder();
    boolean bounded = true;
    for (String c : new String[] {"local_db", "slow_mirror", "http_worker"}) {
      double end = get("serve.lag_end." + c);
      lags.append(c.replace('_', '-'))
          .append(' ')
          .append(num(get("serve.lag_start." + c)))
          .append(" -> ")
          .append(num(end))
          .append("; ");
      // Bounded: no more than 5 s of events behind (slow-mirror holds 2 s by design).
      bounded &= end <= 5 * rate;
    }
    row(
        "demo `serve`: every consumer keeps up (lag at the start -> end of the measured period),"
            + " no errors",
        lags + "errors (non-200) " + num(get("serve.errors")),
        "5 s of events (" + num(5 * rate) + "); 0 errors",
        "the worker acked " + num(get("serve.worker_acked_per_s")) + "/s",
        met(bounded && get("serve.errors") == 0));
  }

  private void memory() {
    if (!f.containsKey("memory.idempotency.bytes_per_entry")) {
      return;
    }
    double heap = get("memory.idempotency.bytes_per_entry");
    double counted = get("memory.idempotency.counted_per_entry");
    row(
        "`InMemoryIdempotencyStore`: heap per kept key measured, and bounded by `maxBytes`",
        bytes(heap)
            + " per key (a "
            + bytes(get("memory.idempotency.answer_bytes"))
            + " answer); 64 MiB keep "
            + num(64.0 * 1024 * 1024 / counted)
            + " keys",
        bytes(counted) + " counted against `maxBytes`",
        "heap / counted " + x(heap / counted),
        met(heap <= 1.2 * counted));
    row(
        "`InMemoryStream` retention: heap per retained event",
        bytes(get("memory.stream.bytes_per_event"))
            + " per event, plus "
            + bytes(get("memory.stream.bytes_per_record"))
            + " for its record when nothing else holds it",
        "`maxRetainedEvents` (1,000,000 by default)",
        "at most about "
            + num(get("memory.stream.bytes_per_event") + get("memory.stream.bytes_per_record"))
            + " MB at the default (1,000,000 events)",
        "documented");
    row(
        "`InMemoryUpstream`: heap per record it holds",
        bytes(get("memory.upstream.bytes_per_record")) + " per 3-field contact",
        "records that exist, plus `maxTombstones` deletes (10,000)",
        "",
        "documented");
  }

  private void soak() {
    if (!f.containsKey("soak.minutes")) {
      line(
          "| demo `serve` 10 minutes at full load, flat heap after warm-up | not run here:"
              + " `ServeSoak` (see the notes) | | | |");
      return;
    }
    double first = get("soak.heap_first_mb");
    double slope = get("soak.heap_slope_mb_per_min");
    double grew = slope * get("soak.measured_minutes");
    double allowed = Math.max(16, 0.1 * first);
    row(
        "demo `serve` "
            + fmt(get("soak.minutes"))
            + " minutes at full load (creates, updates, deletes over 16,000 contacts, keys on half),"
            + " heap after GC flat after warm-up",
        fmt(first)
            + " -> "
            + fmt(get("soak.heap_last_mb"))
            + " MB (max "
            + fmt(get("soak.heap_max_mb"))
            + "), slope "
            + fmt(slope)
            + " MB/min; "
            + num(get("soak.rps"))
            + " req/s, errors "
            + num(get("soak.errors")),
        "growth over the measured "
            + fmt(get("soak.measured_minutes"))
            + " min <= "
            + fmt(allowed)
            + " MB (16 MB or 10%)",
        "grew " + fmt(grew) + " MB",
        met(grew <= allowed && get("soak.errors") == 0));
  }

  private void split() {
    if (!f.containsKey("serve.ratio")) {
      return;
    }
    line("Where the demo's CPU goes, µs per request by thread group (`ServeBenchmark`):");
    line("");
    StringBuilder head = new StringBuilder("|");
    StringBuilder rule = new StringBuilder("|");
    StringBuilder values = new StringBuilder("|");
    for (String g : GROUPS) {
      head.append(' ').append(g.replace('_', '-')).append(" |");
      rule.append("---|");
      values.append(' ').append(fmt(get("serve.cpu_us." + g))).append(" |");
    }
    line(head.toString());
    line(rule.toString());
    line(values.toString());
    line("");
    line(
        "*http*: Jetty's pool (requests, the worker's pulls and acks); *local-db*: its stream"
            + " thread and JDBC threads (H2); *common-pool*: the JDK's pool (slow-mirror's"
            + " delayed completions); *load* and *worker*: the 16 load clients and the pull worker,"
            + " clients of the server, not counted in its CPU per request; *unattributed*:"
            + " threads that ended within the period. Warm-up ("
            + fmt(get("serve.warmup_seconds"))
            + " s) until the JIT compilers' threads take less than 3% of the process's CPU in a"
            + " 5-second chunk, or at most the warm-up argument; in the last chunk they took "
            + fmt(100 * get("serve.warmup_last_chunk_jit_share"))
            + "%.");
    line("");
  }
}
