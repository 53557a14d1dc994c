package io.mutationapi.benchmarks;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Write without waiting, then wait where you read (issue #20), run alone ({@code main}): over
 * loopback HTTP through {@link MutationClient} against the embedded server with an in-memory
 * consumer, one caller, the three paths interleaved in the same run:
 *
 * <ul>
 *   <li><b>awaited create</b>: a 1-record create awaiting the consumer;
 *   <li><b>two steps</b>: a create without await, then {@code consumers().await(token)} on the
 *       consumer (measured together, as a page that writes and then reads does);
 *   <li><b>one round trip</b>: {@code consumers().await} on a token already reached, which the
 *       server answers at once: what one more HTTP call costs.
 * </ul>
 *
 * <p>The claim to check: two steps cost no more than the awaited create plus one round trip. Prints
 * p50, p99 and mean of each in microseconds, and the percentiles of the difference per iteration
 * (the three paths of one iteration run back to back, so they share the machine's moment).
 * Arguments: warm-up iterations, measured iterations.
 */
public final class ConsistencyTokenBenchmark {
  static final String SYNC = "bench";
  static final String CONTACT = "salesforce:contact";
  static final String TOKEN = "bench-token";
  static final Duration WAIT = Duration.ofSeconds(30);

  private ConsistencyTokenBenchmark() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    try (MutationServer server =
            MutationServer.builder()
                .sync(SYNC, InMemoryUpstream.create(), CONTACT)
                .consumer("db", new InMemoryConsumer(), CONTACT)
                .bearerToken(TOKEN, Principal.of("bench", SYNC))
                .build();
        MutationClient client =
            MutationClient.builder()
                .baseUrl(
                    "http://127.0.0.1:" + MutationHttpServer.listenOnLoopback(server, 0).port())
                .apiToken(TOKEN)
                .build()) {
      Histogram awaited = Results.histogram();
      Histogram twoSteps = Results.histogram();
      Histogram roundTrip = Results.histogram();
      ConsistencyToken reached = awaitedCreate(client);
      run(
          client,
          reached,
          warmup,
          Results.histogram(),
          Results.histogram(),
          Results.histogram(),
          new long[warmup]);
      long[] excess = new long[measured];
      run(client, reached, measured, awaited, twoSteps, roundTrip, excess);
      print("awaited create", awaited);
      print("two steps: create, then await the token", twoSteps);
      print("one round trip: await a reached token", roundTrip);
      System.out.printf(
          Locale.ROOT,
          "two steps - (awaited create + one round trip): p50 %+.1f µs, mean %+.1f µs%n",
          (twoSteps.getValueAtPercentile(50)
                  - awaited.getValueAtPercentile(50)
                  - roundTrip.getValueAtPercentile(50))
              / 1000.0,
          (twoSteps.getMean() - awaited.getMean() - roundTrip.getMean()) / 1000.0);
      Arrays.sort(excess);
      System.out.printf(
          Locale.ROOT,
          "per iteration, two steps - (awaited create + one round trip): p50 %+.1f µs, p90 %+.1f"
              + " µs, p99 %+.1f µs%n",
          excess[measured / 2] / 1000.0,
          excess[(int) (measured * 0.90)] / 1000.0,
          excess[(int) (measured * 0.99)] / 1000.0);
    }
  }

  /** Runs the three paths {@code n} times each, interleaved, recording nanoseconds. */
  private static void run(
      MutationClient client,
      ConsistencyToken reached,
      int n,
      Histogram awaited,
      Histogram twoSteps,
      Histogram roundTrip,
      long[] excess) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      awaitedCreate(client);
      long t1 = System.nanoTime();
      ConsistencyToken token =
          client
              .mutations()
              .create(SYNC, CONTACT)
              .record(Map.of("LastName", "Two-" + i))
              .execute()
              .consistencyToken()
              .orElseThrow();
      client.consumers().await(token, List.of("db"), WAIT);
      long t2 = System.nanoTime();
      client.consumers().await(reached, List.of("db"), WAIT);
      long t3 = System.nanoTime();
      awaited.recordValue(t1 - t0);
      twoSteps.recordValue(t2 - t1);
      roundTrip.recordValue(t3 - t2);
      excess[i] = (t2 - t1) - (t1 - t0) - (t3 - t2);
    }
  }

  private static ConsistencyToken awaitedCreate(MutationClient client) {
    return client
        .mutations()
        .create(SYNC, CONTACT)
        .record(Map.of("LastName", "Awaited"))
        .awaitConsumers(List.of("db"), WAIT)
        .execute()
        .consistencyToken()
        .orElseThrow();
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        Locale.ROOT,
        "%-42s p50 %7.1f µs  p99 %7.1f µs  mean %7.1f µs  (n=%d)%n",
        what,
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMean() / 1000.0,
        h.getTotalCount());
  }
}
