package io.mutationapi.benchmarks;

/** The report's sections on the client's overhead and on memory and threads. */
final class ClientMemorySections extends ReportSection {
  ClientMemorySections(ReportSection report) {
    super(report);
  }

  /** Appends the sections to the report. */
  void write() {
    client();
    memory();
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
}
