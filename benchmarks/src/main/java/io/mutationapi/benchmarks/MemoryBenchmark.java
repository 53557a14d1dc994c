package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryStream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.testing.PausableConsumer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Item 6: heap per pending await with 10,000 pending, measured after GC, and the threads a server
 * uses while 10,000 requests wait over HTTP; first, the heap per record of the in-memory structures
 * that grow with load ({@link RecordMemory}; the argument {@code --records} runs only that).
 *
 * <ol>
 *   <li>registry: 10,000 awaits in an {@link AwaitRegistry}, nothing else;
 *   <li>engine: 10,000 awaiting {@code run}s minus 10,000 runs without await, both with the
 *       consumer paused (so the upstream and the stream hold the same records in both);
 *   <li>HTTP: 10,000 awaiting requests over loopback from a client in another JVM (its sockets do
 *       not count here); everything the server holds per waiting request, connections included.
 * </ol>
 */
public final class MemoryBenchmark {
  static final int PENDING = 10_000;

  private MemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    RecordMemory.run();
    if (args.length > 0 && args[0].equals("--records")) {
      return; // Only the heap per record of RecordMemory.
    }
    registry();
    engine();
    http();
  }

  private static void registry() {
    long before = usedAfterGc();
    List<CompletableFuture<AwaitOutcome>> held = new ArrayList<>(PENDING);
    AwaitRegistry registry = new AwaitRegistry();
    for (int i = 0; i < PENDING; i++) {
      // Spread over 16 partitions and offsets, as a stream would.
      held.add(
          registry.await(
              List.of(Fixtures.CONSUMER),
              List.of(new Position(i % 16, 1_000_000 + i)),
              Duration.ofMinutes(10)));
    }
    long after = usedAfterGc();
    check(registry.pendingAwaits() == PENDING, "registry pending " + registry.pendingAwaits());
    Results.put("memory.registry.bytes_per_await", (after - before) / (double) PENDING);
    registry.close();
    held.clear();
  }

  private static void engine() {
    long withAwait = engineHeap(true);
    long without = engineHeap(false);
    Results.put("memory.engine.bytes_per_await", (withAwait - without) / (double) PENDING);
  }

  /** Heap held by 10,000 runs with the consumer paused, less the heap before them. */
  private static long engineHeap(boolean await) {
    PausableConsumer consumer = PausableConsumer.wrap(new InMemoryConsumer());
    consumer.pause();
    try (MutationServer server = Fixtures.server(consumer, b -> {})) {
      MutationRequest request = Fixtures.create(1, await);
      // Warm the paths, then let the warm-up requests finish.
      consumer.resume();
      for (int i = 0; i < 100; i++) {
        server.service().run(request, Fixtures.PRINCIPAL).toCompletableFuture().join();
      }
      consumer.pause();
      long before = usedAfterGc();
      List<CompletionStage<MutationOutcome>> held = new ArrayList<>(PENDING);
      for (int i = 0; i < PENDING; i++) {
        held.add(server.service().run(request, Fixtures.PRINCIPAL));
      }
      if (!await) {
        held.forEach(s -> s.toCompletableFuture().join());
      } else {
        sleep(500);
        long done = held.stream().filter(s -> s.toCompletableFuture().isDone()).count();
        check(done == 0, done + " awaiting runs ended early");
      }
      long after = usedAfterGc();
      consumer.resume();
      for (CompletionStage<MutationOutcome> s : held) {
        MutationOutcome outcome = s.toCompletableFuture().join();
        check(outcome instanceof MutationOutcome.Success, "run failed: " + outcome);
      }
      return after - before;
    }
  }

  private static void http() throws Exception {
    PausableConsumer consumer = PausableConsumer.wrap(new InMemoryConsumer());
    InMemoryStream stream = InMemoryStream.create();
    try (MutationServer server = Fixtures.server(consumer, b -> b.stream(stream))) {
      // Jetty's pool grows to 200 threads under a burst of request bodies; bounded here to show
      // that the 10,000 waiting requests hold none of them.
      MutationHttpServer http =
          MutationHttpServer.builder(server)
              .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .maxThreads(16)
              .backlog(PENDING)
              .start();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      consumer.pause();
      long before = usedAfterGc();
      Process client =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  PendingClients.class.getName(),
                  Integer.toString(http.port()),
                  Integer.toString(PENDING))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      check(line != null && line.startsWith("SENT"), "client said " + line);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (stream.retainedEvents() < PENDING && System.nanoTime() < deadline) {
        sleep(100);
      }
      check(stream.retainedEvents() == PENDING, "published " + stream.retainedEvents());
      sleep(1000);
      long after = usedAfterGc();
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      int serverThreads = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String name = t.getName();
        if (name.startsWith("mutation-")) {
          serverThreads++;
        }
      }
      Results.put("memory.http.bytes_per_request", (after - before) / (double) PENDING);
      Results.put("threads.http.server", serverThreads);
      Results.put("threads.http.jvm_total", threads);
      Results.put("threads.http.jvm_before", threadsBefore);
      consumer.resume();
      line = out.readLine();
      check(line != null && line.startsWith("OK " + PENDING), "client said " + line);
      Results.put("memory.http.answered_200", PENDING);
      check(client.waitFor(60, TimeUnit.SECONDS), "client did not exit");
    }
  }

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
