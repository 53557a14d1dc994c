package io.mutationapi.benchmarks;

/**
 * The report's section on the JDBC table consumer ({@link JdbcConsumerBenchmark}) and the awaited
 * create on PostgreSQL ({@link AwaitedDbBenchmark}), each beside its ceiling.
 */
final class JdbcSection extends ReportSection {
  JdbcSection(ReportSection report) {
    super(report);
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
        double ratio = get(k + ".ratio");
        row(
            "`JdbcTableConsumer` on "
                + (db.equals("h2") ? "H2 (memory)" : "embedded PostgreSQL")
                + ", batches of "
                + size
                + ": >= 0.8x",
            num(get(k + ".ours_eps"))
                + " events/s ("
                + fmt(get(k + ".ours_cpu_us"))
                + " µs JVM CPU/event)",
            "hand batched upsert: "
                + num(get(k + ".hand_eps"))
                + " events/s ("
                + fmt(get(k + ".hand_cpu_us"))
                + " µs)",
            "**"
                + x(ratio)
                + "** (rounds "
                + x(get(k + ".ratio_min"))
                + " to "
                + x(get(k + ".ratio_max"))
                + ")",
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
            + " calls. Embedded PostgreSQL is zonky's with its defaults (`synchronous_commit=off`,"
            + " `fsync=off`), the same for both. The awaited row alternates an awaited create"
            + " (raw OkHttp, one keep-alive connection, `MutationHttpServer` on loopback,"
            + " `InMemoryUpstream`) with its ceiling, call by call, after a JIT warm-up. See"
            + " NOTES.md for what bounds each.");
    line("");
  }
}
