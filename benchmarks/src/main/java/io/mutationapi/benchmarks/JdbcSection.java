package io.mutationapi.benchmarks;

/**
 * The report's section on the JDBC table consumer ({@link JdbcConsumerBenchmark}) and the awaited
 * create on PostgreSQL ({@link AwaitedDbBenchmark}), each beside its ceiling.
 */
final class JdbcSection extends ReportSection {
  JdbcSection(ReportSection report) {
    super(report);
  }

  private String pct2(String key) {
    return us(get(key + ".p50_us")) + " / " + us(get(key + ".p99_us"));
  }

  /** Appends the section to the report. */
  void write() {
    line("## JDBC table consumer and the awaited create on PostgreSQL");
    line("");
    line("| target | measured | ceiling (same run) | result | |");
    line("|---|---|---|---|---|");
    for (String db : new String[] {"h2", "postgres"}) {
      for (int size : JdbcConsumerBenchmark.BATCH_SIZES) {
        String k = "jdbc." + db + "." + size;
        double ratio = get(k + ".ratio_median");
        row(
            "`JdbcTableConsumer` on "
                + (db.equals("h2") ? "H2 (memory)" : "embedded PostgreSQL")
                + ", batches of "
                + size
                + ": >= 0.8x",
            num(get(k + ".ours_eps_median"))
                + " events/s at the median batch ("
                + num(get(k + ".ours_eps"))
                + " over all; "
                + fmt(get(k + ".ours_cpu_us"))
                + " µs JVM CPU/event)",
            "hand batched upsert: "
                + num(get(k + ".hand_eps_median"))
                + " ("
                + num(get(k + ".hand_eps"))
                + "; "
                + fmt(get(k + ".hand_cpu_us"))
                + " µs)",
            "**"
                + x(ratio)
                + "** at the median batch ("
                + x(get(k + ".ratio"))
                + " over all, rounds "
                + x(get(k + ".ratio_min"))
                + " to "
                + x(get(k + ".ratio_max"))
                + "); on the caller's thread "
                + x(get(k + ".inline_ratio_median")),
            Double.isNaN(ratio) ? "n/a" : met(ratio >= 0.8));
      }
    }
    double p50 = get("awaited_db.ratio_p50");
    row(
        "awaited 1-record create over HTTP, `local-db` on embedded PostgreSQL: p50 <= 1.3x",
        "p50 / p99 / p99.9: " + pct("awaited_db.ours"),
        "upstream `apply` + one upsert + commit in process: " + pct("awaited_db.ceiling"),
        "p50 **" + x(p50) + "**, p99 " + x(get("awaited_db.ratio_p99")),
        Double.isNaN(p50) ? "n/a" : met(p50 <= 1.3));
    line("");
    line(
        "Consumer rows: the demo's `local-db` (FirstName, LastName, Email projected to text"
            + " columns; default settings, its own threads) gets `processBatch` of new records,"
            + " alternating batch by batch with a hand-written `executeBatch` upsert of the same"
            + " rows (H2 `MERGE INTO ... KEY`, PostgreSQL `INSERT ... ON CONFLICT DO UPDATE`), one"
            + " commit per batch, on connections of the same pool; events/s over the time in the"
            + " calls, judged at the median batch time (on this shared machine a batch"
            + " descheduled for milliseconds moves the sum, not the median); *over all* is events"
            + " over the summed time. *On the caller's thread* is the same consumer with"
            + " `executor(Runnable::run)`: its own work without the hand-off to its threads."
            + " Embedded PostgreSQL is zonky's with its defaults (`synchronous_commit=off`,"
            + " `fsync=off`), the same for both. The awaited row alternates an awaited create"
            + " (raw OkHttp, one keep-alive connection, `MutationHttpServer` on loopback,"
            + " `InMemoryUpstream`) with its ceiling, call by call, after a JIT warm-up; beside"
            + " them, p50 / p99 of the same create without await: "
            + pct2("awaited_db.no_await")
            + ", and of the consumer's one-record batch called directly: "
            + pct2("awaited_db.consumer")
            + ". See"
            + " NOTES.md for what bounds each.");
    line("");
  }
}
