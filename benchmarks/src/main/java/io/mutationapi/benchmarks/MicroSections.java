package io.mutationapi.benchmarks;

/** The report's sections on the codec, the engine and the await registry. */
final class MicroSections extends ReportSection {
  MicroSections(ReportSection report) {
    super(report);
  }

  /** Appends the sections to the report. */
  void write() {
    codec();
    engine();
    await();
  }

  private void codec() {
    line("## 1. Codec (`WireCodec`, JMH, average time)");
    line("");
    line("| operation | records | µs/op | ops/s | bytes allocated/op |");
    line("|---|---|---|---|---|");
    for (String op : new String[] {"readRequest", "writeResult", "writeRequest", "readResult"}) {
      for (String n : new String[] {"1", "1000"}) {
        String k = "jmh.CodecBenchmark." + op + ".records=" + n;
        double us = get(k + ".score");
        line(
            "| "
                + op
                + " | "
                + n
                + " | "
                + fmt(us)
                + " ± "
                + fmt(get(k + ".error"))
                + " | "
                + num(1e6 / us)
                + " | "
                + num(get(k + ".bytes_per_op"))
                + " |");
      }
    }
    line("");
    line(
        "`readRequest` parses and validates a create body (what the server does with each"
            + " request); `writeResult` writes the success body; `writeRequest` and `readResult` are"
            + " the client's half.");
    line("");
  }

  private void engine() {
    line("## 2. Engine (`MutationService.run`, 1-record create, JMH, average time)");
    line("");
    line("| benchmark | µs/op | bytes allocated/op | beyond the upstream call |");
    line("|---|---|---|---|");
    engineRow("upstream", "baseline: `InMemoryUpstream.apply` alone", null);
    engineRow(
        "run",
        "engine, no await (the non-blocking upstream called on the caller's thread)",
        "upstream");
    engineRow("runNoConsumer", "engine, no await, no consumer", "upstream");
    engineRow("runAwait", "engine, awaiting an in-memory consumer (read your writes)", "upstream");
    engineRow(
        "runBlocking",
        "engine, no await, an upstream that may block: through the pool of 16",
        "upstream");
    engineRow("upstreamBatch", "baseline at throughput: 64 upstream creates, per create", null);
    engineRow(
        "runBlockingBatch",
        "engine at throughput: 64 runs in flight through the upstream pool, per run",
        "upstreamBatch");
    line("");
    line(
        "One caller, one request at a time: the figure is latency, including any hand-offs"
            + " between threads (with await, to the consumer's thread and back; for an upstream"
            + " that may block, to the upstream pool and back). `InMemoryUpstream` says it never"
            + " blocks (`Upstream.isNonBlocking()`), so the engine calls it on the caller's thread;"
            + " the blocking rows wrap it in an upstream that does not say so. The server has one"
            + " in-memory consumer; without await it is still delivered to. With 64 in flight the"
            + " hand-offs overlap and the figure is the cost per mutation at throughput.");
    line("");
  }

  /** One row of the engine table; {@code baseline} names the row it is compared with, if any. */
  private void engineRow(String benchmark, String label, String baseline) {
    String k = "jmh.EngineBenchmark." + benchmark;
    double us = get(k + ".score");
    line(
        "| "
            + label
            + " | "
            + fmt(us)
            + " ± "
            + fmt(get(k + ".error"))
            + " | "
            + num(get(k + ".bytes_per_op"))
            + " | "
            + (baseline == null
                ? ""
                : "+" + fmt(us - get("jmh.EngineBenchmark." + baseline + ".score")) + " µs")
            + " |");
  }

  private void await() {
    line("## 3. Await registry");
    line("");
    line(
        "Wake-up latency, from `advance` (a progress report) to the waiter's completion; the other"
            + " awaits are queued on the same consumer and partition (the worst case for the"
            + " queue).");
    line("");
    line(
        "| awaits pending | inline p50 | inline p99 | inline p99.9 | parked thread p50 |"
            + " parked thread p99 | parked thread p99.9 |");
    line("|---|---|---|---|---|---|---|");
    for (String n : new String[] {"1", "1000", "10000"}) {
      line(
          "| "
              + num(Double.parseDouble(n))
              + " | "
              + us(get("await.inline." + n + ".p50_us"))
              + " | "
              + us(get("await.inline." + n + ".p99_us"))
              + " | "
              + us(get("await.inline." + n + ".p999_us"))
              + " | "
              + us(get("await.handoff." + n + ".p50_us"))
              + " | "
              + us(get("await.handoff." + n + ".p99_us"))
              + " | "
              + us(get("await.handoff." + n + ".p999_us"))
              + " |");
    }
    line("");
    line(
        "*Inline*: the future completes on the thread that calls `advance`, measured until it"
            + " returns. *Parked thread*: another thread waits in `join()`, measured until it runs:"
            + " this adds the operating system's wake-up, as when the engine answers on its pool.");
    line("");
    line("Register + complete throughput (JMH): one `await` then the `advance` that completes it.");
    line("");
    line("| other awaits pending | ns/op | ops/s | bytes allocated/op |");
    line("|---|---|---|---|");
    for (String n : new String[] {"0", "10000"}) {
      String k = "jmh.AwaitBenchmark.registerAndComplete.pending=" + n;
      double ns = get(k + ".score");
      line(
          "| "
              + num(Double.parseDouble(n))
              + " | "
              + fmt(ns)
              + " ± "
              + fmt(get(k + ".error"))
              + " | "
              + num(1e9 / ns)
              + " | "
              + num(get(k + ".bytes_per_op"))
              + " |");
    }
    line("");
  }
}
