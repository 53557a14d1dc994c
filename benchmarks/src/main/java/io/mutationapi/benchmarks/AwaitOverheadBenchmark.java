package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.server.spi.MutationOutcome;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.Histogram;

/**
 * Issue 19, the read-your-writes overhead: a 1-record create through {@code MutationService.run},
 * awaiting an in-memory consumer, against the same create without await, one at a time on one
 * thread, as latency. The calls are interleaved (each iteration runs every variant once, in turn),
 * so the load of a shared machine falls on all of them alike; the figures are percentiles, which a
 * stalled call moves less than a mean.
 *
 * <ul>
 *   <li>{@code plain} / {@code await}: the default {@link InMemoryConsumer}, which says it never
 *       blocks, so the stream calls it on the request's thread and the await is covered before the
 *       engine waits (the path since issue 19).
 *   <li>{@code threaded_plain} / {@code threaded_await}: the same consumer behind a wrapper that
 *       does not say so, as any consumer by default: delivered on the consumer's thread, the await
 *       answered through the upstream pool (the path before issue 19, and still that of JDBC,
 *       webhook and HTTP consumers).
 * </ul>
 *
 * <p>Arguments: measured iterations (default 50,000), after as many to warm up.
 */
public final class AwaitOverheadBenchmark {
  private AwaitOverheadBenchmark() {}

  /** The in-memory consumer, without its claim that it never blocks. */
  private static final class Threaded implements Consumer {
    private final InMemoryConsumer consumer = new InMemoryConsumer();

    @Override
    public CompletionStage<Void> process(List<ChangeEvent> batch) {
      return consumer.process(batch);
    }
  }

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    MutationRequest plain = Fixtures.create(1, false);
    MutationRequest awaiting = Fixtures.create(1, true);
    try (MutationServer inline = Fixtures.server(new InMemoryConsumer(), b -> {});
        MutationServer threaded = Fixtures.server(new Threaded(), b -> {})) {
      String[] names = {"plain", "await", "threaded_plain", "threaded_await"};
      MutationServer[] servers = {inline, inline, threaded, threaded};
      MutationRequest[] requests = {plain, awaiting, plain, awaiting};
      Histogram[] h = new Histogram[names.length];
      for (int v = 0; v < names.length; v++) {
        h[v] = Results.histogram();
      }
      for (int i = 0; i < 2 * iterations; i++) {
        boolean measured = i >= iterations;
        for (int k = 0; k < names.length; k++) {
          // Each iteration starts with another variant, so none always follows the same one.
          int v = (i + k) % names.length;
          long t0 = System.nanoTime();
          MutationOutcome outcome =
              servers[v]
                  .service()
                  .run(requests[v], Fixtures.PRINCIPAL)
                  .toCompletableFuture()
                  .join();
          long t1 = System.nanoTime();
          if (!(outcome instanceof MutationOutcome.Success)) {
            throw new IllegalStateException(names[v] + " failed: " + outcome);
          }
          if (measured) {
            h[v].recordValue(t1 - t0);
          }
        }
      }
      for (int v = 0; v < names.length; v++) {
        Results.putPercentiles("await_overhead." + names[v], h[v]);
        Results.put("await_overhead." + names[v] + ".p90_us", h[v].getValueAtPercentile(90) / 1e3);
        Results.put("await_overhead." + names[v] + ".mean_us", h[v].getMean() / 1e3);
      }
      for (String pct : new String[] {"p50", "p90"}) {
        double p = pct.equals("p50") ? 50 : 90;
        Results.put(
            "await_overhead.inline." + pct + "_us",
            (h[1].getValueAtPercentile(p) - h[0].getValueAtPercentile(p)) / 1e3);
        Results.put(
            "await_overhead.threaded." + pct + "_us",
            (h[3].getValueAtPercentile(p) - h[2].getValueAtPercentile(p)) / 1e3);
      }
    }
  }
}
