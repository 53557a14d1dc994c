package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.ConsumeService;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.PullOutcome;
import io.mutationapi.server.spi.PullRequest;
import io.mutationapi.server.spi.PulledMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 17, HTTP consumers in process (no HTTP: {@code MutationServer.consumeService()}); run
 * alone, it is not part of {@code run.sh}:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mutationapi.benchmarks.PullBenchmark [MESSAGES [WAKEUPS]]
 * </pre>
 *
 * <ul>
 *   <li>{@code pull.throughput}: MESSAGES records (default 200,000) published first, then 4 workers
 *       pull (batches of 100) and ack each batch; messages acked per second, from the first pull to
 *       the last ack.
 *   <li>{@code pull.wakeup}: a worker's long poll waits on an empty consumer; from the moment a
 *       1-record create is called (upstream, publish, the stream's hand-off to the consumer) to the
 *       moment the long poll is answered; WAKEUPS times (default 2,000), p50 and p99.
 * </ul>
 */
public final class PullBenchmark {
  private static final String SYNC = "bench-sync";
  private static final String CONTACT = "salesforce:contact";
  private static final String CONSUMER = "bench-worker";
  private static final int WORKERS = 4;

  private PullBenchmark() {}

  /** Runs both measurements and prints them. */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int wakeups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    try (MutationServer server = server()) {
      throughput(server, messages);
    }
    try (MutationServer server = server()) {
      wakeup(server, wakeups);
    }
  }

  private static MutationServer server() {
    return MutationServer.builder()
        .sync(SYNC, InMemoryUpstream.create(), CONTACT)
        .httpConsumer(CONSUMER, CONTACT)
        .maxRecordsPerRequest(1000)
        .insecureNoAuthentication()
        .build();
  }

  private static void throughput(MutationServer server, int messages) throws Exception {
    for (int done = 0; done < messages; done += 1000) {
      MutationRequest.CreateBuilder create = MutationRequest.create(SYNC, CONTACT);
      for (int i = 0; i < Math.min(1000, messages - done); i++) {
        create.record(Map.of("n", done + i));
      }
      run(server, create.build());
    }
    ConsumeService consume = server.consumeService();
    AtomicLong acked = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Thread worker =
          new Thread(
              () -> {
                while (acked.get() < messages) {
                  PullOutcome outcome =
                      consume
                          .next(
                              CONSUMER,
                              new PullRequest(100, Duration.ofMillis(200)),
                              Principal.ANONYMOUS)
                          .toCompletableFuture()
                          .join();
                  List<PulledMessage> pulled = ((PullOutcome.Pulled) outcome).messages();
                  if (!pulled.isEmpty()) {
                    consume.ack(
                        CONSUMER,
                        pulled.stream().map(PulledMessage::ackToken).toList(),
                        Principal.ANONYMOUS);
                    acked.addAndGet(pulled.size());
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "pull.throughput: %d messages, %d workers, batches of 100: %.0f messages/s (next+ack)%n",
        messages,
        WORKERS,
        messages / seconds);
  }

  private static void wakeup(MutationServer server, int wakeups) {
    ConsumeService consume = server.consumeService();
    long[] micros = new long[wakeups];
    for (int i = 0; i < wakeups; i++) {
      AtomicLong answeredAt = new AtomicLong();
      CompletableFuture<PullOutcome> poll =
          consume
              .next(CONSUMER, new PullRequest(1, Duration.ofSeconds(10)), Principal.ANONYMOUS)
              .toCompletableFuture()
              .whenComplete((outcome, error) -> answeredAt.set(System.nanoTime()));
      long start = System.nanoTime();
      run(server, MutationRequest.create(SYNC, CONTACT).record(Map.of("n", i)).build());
      PullOutcome outcome = poll.orTimeout(10, TimeUnit.SECONDS).join();
      micros[i] = (answeredAt.get() - start) / 1000;
      consume.ack(
          CONSUMER,
          ((PullOutcome.Pulled) outcome).messages().stream().map(PulledMessage::ackToken).toList(),
          Principal.ANONYMOUS);
    }
    Arrays.sort(micros);
    System.out.printf(
        Locale.ROOT,
        "pull.wakeup: %d long polls, create called -> long poll answered: p50 %d us, p99 %d us%n",
        wakeups,
        micros[wakeups / 2],
        micros[(int) (wakeups * 0.99)]);
  }

  private static void run(MutationServer server, MutationRequest request) {
    MutationOutcome outcome =
        server
            .service()
            .run(request, Principal.ANONYMOUS)
            .toCompletableFuture()
            .orTimeout(30, TimeUnit.SECONDS)
            .join();
    if (!(outcome instanceof MutationOutcome.Success)) {
      throw new IllegalStateException("create failed: " + outcome);
    }
  }
}
