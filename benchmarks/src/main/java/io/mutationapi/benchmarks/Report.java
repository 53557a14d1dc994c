package io.mutationapi.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** Turns the suite's figures into {@code BENCHMARKS.md}. */
final class Report {
  private static final Path NOTES = Path.of("benchmarks", "NOTES.md");

  private final Map<String, Double> f;
  private final Instant start;
  private final long seconds;
  private final String loadBefore;
  private final String loadAfter;
  private final boolean quick;
  private final StringBuilder md = new StringBuilder();

  Report(
      Map<String, Double> figures,
      Instant start,
      long seconds,
      String loadBefore,
      String loadAfter,
      boolean quick) {
    this.f = figures;
    this.start = start;
    this.seconds = seconds;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.quick = quick;
  }

  String markdown() {
    header();
    targets();
    codec();
    engine();
    await();
    http();
    handler();
    client();
    memory();
    md.append(SalesforceSection.markdown(f));
    reproduce();
    notes();
    return md.toString();
  }

  private void header() {
    line("# Benchmarks");
    line("");
    line(
        "Written by `bash benchmarks/run.sh` on "
            + start.truncatedTo(ChronoUnit.SECONDS)
            + " in "
            + seconds
            + " s."
            + (quick ? " **QUICK SMOKE RUN: iterations too short to quote.**" : ""));
    line("");
    line("| | |");
    line("|---|---|");
    line("| CPU | " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores |");
    line("| memory | " + memTotal() + " |");
    line("| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
    line(
        "| JDK | "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " (the suite and every forked JVM: -Xms2g -Xmx2g, G1) |");
    line("| load average (1, 5, 15 min) | before: " + loadBefore + "; after: " + loadAfter + " |");
    line("");
    line(
        "The machine is shared and noisy (other builds run on its 2 cores), so every figure is"
            + " measured beside its baseline in the same run and **ratios come first**; absolute"
            + " figures move with the load average above.");
    line("");
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

  private void client() {
    line("## 5. Client overhead");
    line("");
    if (!f.containsKey("client.ratio")) {
      line("Not measured: the client module is not in this build.");
      line("");
      return;
    }
    line("| caller | mean µs/call | p50 | p99 | calls/s |");
    line("|---|---|---|---|---|");
    for (String who : new String[] {"execute", "okhttp"}) {
      String k = "client." + who;
      line(
          "| "
              + (who.equals("execute")
                  ? "`MutationClient` execute()"
                  : "raw OkHttp, pre-serialized body")
              + " | "
              + fmt(get(k + ".mean_us"))
              + " | "
              + us(get(k + ".p50_us"))
              + " | "
              + us(get(k + ".p99_us"))
              + " | "
              + num(1e6 / get(k + ".mean_us"))
              + " |");
    }
    line(
        "| raw OkHttp with a whole-call timeout, as the client sets per attempt | "
            + fmt(get("client.okhttp_call_timeout.mean_us"))
            + " | | | "
            + num(1e6 / get("client.okhttp_call_timeout.mean_us"))
            + " |");
    line("");
    line(
        "Ratio execute / raw OkHttp: **"
            + x(get("client.ratio"))
            + "** by mean, **"
            + x(get("client.execute.p50_us") / get("client.okhttp.p50_us"))
            + "** by median.");
    line("");
    line(
        "One caller thread, the same embedded server (in the same JVM), alternating rounds."
            + " OkHttp posts the bytes the client would send and reads the body as bytes; the"
            + " client also serializes the request and parses the response into records.");
    line("");
  }

  private void memory() {
    line("## 6. Memory and threads, 10,000 awaits pending");
    line("");
    line("| what | heap per pending await (after GC) |");
    line("|---|---|");
    line(
        "| `AwaitRegistry` alone: the await, its waiter, its timeout task, its future | "
            + bytes(get("memory.registry.bytes_per_await"))
            + " |");
    line(
        "| engine: an awaiting `run` minus a `run` without await (consumer paused in both) | "
            + bytes(get("memory.engine.bytes_per_await"))
            + " |");
    line(
        "| HTTP: everything the server holds per waiting request (connection, exchange, request,"
            + " stored record, stream event, await) | "
            + bytes(get("memory.http.bytes_per_request"))
            + " |");
    line("");
    line(
        "Threads while 10,000 HTTP requests wait: **"
            + num(get("threads.http.server"))
            + "** server threads (`mutation-*`, Jetty's pool bounded to 16 included); "
            + num(get("threads.http.jvm_total"))
            + " in the whole JVM ("
            + num(get("threads.http.jvm_before"))
            + " before the requests; the JVM's own threads included). All "
            + num(get("memory.http.answered_200"))
            + " requests were answered 200 once the consumer resumed. The client runs in another"
            + " JVM, so its sockets are not counted.");
    line("");
  }

  private void reproduce() {
    line("## How to reproduce");
    line("");
    line("```");
    line(
        "bash benchmarks/run.sh            # builds the module, runs everything, writes BENCHMARKS.md");
    line(
        "bash benchmarks/run.sh --quick    # smoke run, ~2 min: benchmarks/target/BENCHMARKS-quick.md");
    line("```");
    line("");
    line(
        "The script builds `benchmarks/target/benchmarks.jar` (`mvn -pl benchmarks -am package`,"
            + " tests skipped) and runs `java -jar benchmarks/target/benchmarks.jar`. JMH: 1 fork,"
            + " 3 warm-up and 5 measured iterations of 1 s, `-prof gc`. Single benchmarks: `java"
            + " -jar benchmarks/target/benchmarks.jar` runs the suite; `java -cp"
            + " benchmarks/target/benchmarks.jar org.openjdk.jmh.Main EngineBenchmark -prof gc`"
            + " runs one JMH class.");
    line("");
  }

  private void notes() {
    if (Files.exists(NOTES)) {
      try {
        md.append(Files.readString(NOTES, StandardCharsets.UTF_8));
      } catch (IOException e) {
        line("(could not read " + NOTES + ": " + e + ")");
      }
    }
  }

  // ---- formatting ----

  private double get(String key) {
    Double v = f.get(key);
    return v == null ? Double.NaN : v;
  }

  private String pct(String key) {
    return us(get(key + ".p50_us"))
        + " / "
        + us(get(key + ".p99_us"))
        + " / "
        + us(get(key + ".p999_us"));
  }

  private void row(String target, String measured, String baseline, String result, String met) {
    line("| " + target + " | " + measured + " | " + baseline + " | " + result + " | " + met + " |");
  }

  private static String met(boolean ok) {
    return ok ? "**met**" : "**missed**";
  }

  private static String us(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v >= 1000 ? String.format(Locale.ROOT, "%.2f ms", v / 1000) : fmt(v) + " µs";
  }

  private static String x(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String bytes(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f B", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private static String cpu() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }
}
