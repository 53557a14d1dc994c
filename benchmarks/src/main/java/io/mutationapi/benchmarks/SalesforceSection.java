package io.mutationapi.benchmarks;

import java.util.Locale;
import java.util.Map;

/** The report's section on {@link SalesforceBenchmark}, from its figures. */
final class SalesforceSection {
  private static final String[][] CALLERS = {
    {"adapter", "`SalesforceUpstream.apply` (its sockets have `TCP_NODELAY`)"},
    {"okhttp_nodelay", "raw OkHttp with `TCP_NODELAY`, the same two calls pre-serialized"},
    {"okhttp", "raw OkHttp with its default sockets (Nagle on)"}
  };

  private SalesforceSection() {}

  static String markdown(Map<String, Double> f) {
    StringBuilder md = new StringBuilder();
    md.append("## 7. Salesforce adapter overhead (`FakeSalesforce` on loopback)\n\n");
    if (!f.containsKey("salesforce.create200.adapter.overhead.mean_us")) {
      md.append("Not measured in this run.\n\n");
      return md.toString();
    }
    md.append(
        "One create through `SalesforceUpstream.apply`: the Collections POST and the read-back GET"
            + " (token and describe cached). *Overhead* is the caller's time minus the fake's own"
            + " handling time (body in to answer ready): the adapter plus HTTP on loopback. µs per"
            + " create.\n\n");
    md.append("| records | caller | total mean | fake's own | overhead mean | p50 | p99 |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (int size : new int[] {200, 1}) {
      for (String[] caller : CALLERS) {
        String k = "salesforce.create" + size + "." + caller[0];
        md.append("| ")
            .append(size)
            .append(" | ")
            .append(caller[1])
            .append(" | ")
            .append(us(f, k + ".total.mean_us"))
            .append(" | ")
            .append(us(f, k + ".fake.mean_us"))
            .append(" | **")
            .append(us(f, k + ".overhead.mean_us"))
            .append("** | ")
            .append(us(f, k + ".overhead.p50_us"))
            .append(" | ")
            .append(us(f, k + ".overhead.p99_us"))
            .append(" |\n");
      }
    }
    md.append(
            "\nThe adapter's own work, its overhead minus raw OkHttp's on the same sockets (mean /")
        .append(" median, µs): per 200-record create ")
        .append(pair(f, "salesforce.create200.adapter_own"))
        .append("; per 1-record create ")
        .append(pair(f, "salesforce.create1.adapter_own"))
        .append(
            ". With OkHttp's default sockets the last segment of a large body waits for the"
                + " server's delayed ACK (about 40 ms on Linux): the gap between the two raw rows"
                + " at 200 records, which the adapter avoids. Run alone: `java -cp"
                + " benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.SalesforceBenchmark"
                + " [warm-up s] [measured s per round]`.\n\n");
    return md.toString();
  }

  private static String pair(Map<String, Double> f, String key) {
    return us(f, key + ".mean_us") + " / " + us(f, key + ".p50_us");
  }

  private static String us(Map<String, Double> f, String key) {
    Double v = f.get(key);
    return v == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }
}
