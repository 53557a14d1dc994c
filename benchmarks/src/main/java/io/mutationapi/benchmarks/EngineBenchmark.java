package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Item 2: {@code MutationService.run} of a 1-record create against the in-memory upstream, with and
 * without awaiting an in-memory consumer; the baseline is the upstream call alone. Engine overhead
 * = run - upstream.
 *
 * <p>{@code InMemoryUpstream} never blocks, so the engine calls it on the caller's thread ({@code
 * run}, {@code runNoConsumer}). {@code runBlocking} wraps it in an upstream that does not say so,
 * as a blocking adapter would not, so each call goes through the default upstream pool and back:
 * one at a time, the figure is the two thread hand-offs. The {@code ...Batch} benchmarks keep
 * {@value #BATCH} such mutations in flight and report the time per mutation: the hand-offs overlap,
 * so this is closer to the engine's CPU cost at throughput.
 *
 * <p>{@code InMemoryConsumer} says it never blocks, so the stream calls it on the publishing thread
 * when it is idle: {@code run} and {@code runAwait} include its apply (about a microsecond), and
 * {@code runAwait} finds its await covered, with no thread hand-off ({@link AwaitOverheadBenchmark}
 * also measures a consumer on its own thread). {@code runNoConsumer} is the engine alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {
  static final int BATCH = 64;

  /** The bare upstream, no engine. */
  @State(Scope.Benchmark)
  public static class Bare {
    final InMemoryUpstream upstream = InMemoryUpstream.create();
    final MutationRequest request = Fixtures.create(1, false);
  }

  /** A server with the defaults: an in-memory upstream, stream and consumer. */
  @State(Scope.Benchmark)
  public static class Server {
    MutationServer server;
    final MutationRequest request = Fixtures.create(1, false);
    final MutationRequest awaiting = Fixtures.create(1, true);

    @Setup(Level.Trial)
    public void start() {
      server = Fixtures.server(new InMemoryConsumer(), b -> {});
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** A server without consumers. */
  @State(Scope.Benchmark)
  public static class NoConsumer {
    MutationServer server;
    final MutationRequest request = Fixtures.create(1, false);

    @Setup(Level.Trial)
    public void start() {
      server = Fixtures.server(null, b -> {});
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** A server whose upstream may block, so it is called on the default pool of 16 threads. */
  @State(Scope.Benchmark)
  public static class BlockingServer {
    MutationServer server;
    final MutationRequest request = Fixtures.create(1, false);

    @Setup(Level.Trial)
    public void start() {
      InMemoryUpstream upstream = InMemoryUpstream.create();
      server =
          MutationServer.builder()
              .sync(Fixtures.SYNC, upstream::apply, Fixtures.COLLECTION)
              .consumer(Fixtures.CONSUMER, new InMemoryConsumer(), Fixtures.COLLECTION)
              .bearerToken(Fixtures.TOKEN, Fixtures.PRINCIPAL)
              .build();
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** Baseline: the in-memory upstream's create alone. */
  @Benchmark
  public List<Record> upstream(Bare s) {
    return s.upstream.apply(s.request, Fixtures.CONTEXT).toCompletableFuture().join();
  }

  /** The engine without await; the non-blocking upstream is called on this thread. */
  @Benchmark
  public MutationOutcome run(Server s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine without await and without consumers, so publishing wakes no delivery thread. */
  @Benchmark
  public MutationOutcome runNoConsumer(NoConsumer s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine, awaiting the in-memory consumer (read your writes). */
  @Benchmark
  public MutationOutcome runAwait(Server s) {
    return s.server.service().run(s.awaiting, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine without await, the upstream called on the upstream pool. */
  @Benchmark
  public MutationOutcome runBlocking(BlockingServer s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** Baseline at throughput: {@value #BATCH} upstream creates. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object upstreamBatch(Bare s) {
    Object last = null;
    for (int i = 0; i < BATCH; i++) {
      last = s.upstream.apply(s.request, Fixtures.CONTEXT).toCompletableFuture().join();
    }
    return last;
  }

  /**
   * The engine at throughput: {@value #BATCH} runs in flight through the upstream pool, then
   * joined.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object runBlockingBatch(BlockingServer s) {
    CompletableFuture<?>[] runs = new CompletableFuture<?>[BATCH];
    for (int i = 0; i < BATCH; i++) {
      runs[i] = s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture();
    }
    return CompletableFuture.allOf(runs).join();
  }
}
