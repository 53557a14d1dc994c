package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationOutcome;
import io.mutationapi.server.MutationServer;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
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
 * <p>{@code runDirect} runs upstream calls on the calling thread (an executor a host may supply),
 * which isolates the engine's own CPU cost from the hand-off to the default upstream pool; {@code
 * runDirectNoConsumer} also has no consumer, so publishing wakes no delivery thread. The {@code
 * ...Batch} benchmarks keep {@value #BATCH} mutations in flight and report the time per mutation:
 * hand-offs overlap, so this is closer to the engine's CPU cost at throughput.
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

  /** A server with the defaults: 16 upstream threads, an in-memory stream and consumer. */
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

  /** A server whose upstream calls run on the calling thread. */
  @State(Scope.Benchmark)
  public static class DirectServer {
    MutationServer server;
    final MutationRequest request = Fixtures.create(1, false);

    @Setup(Level.Trial)
    public void start() {
      server = Fixtures.server(new InMemoryConsumer(), b -> b.upstreamExecutor(new Direct()));
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** A server without consumers, whose upstream calls run on the calling thread. */
  @State(Scope.Benchmark)
  public static class DirectNoConsumer {
    MutationServer server;
    final MutationRequest request = Fixtures.create(1, false);

    @Setup(Level.Trial)
    public void start() {
      server = Fixtures.server(null, b -> b.upstreamExecutor(new Direct()));
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** Baseline: the in-memory upstream's create alone. */
  @Benchmark
  public List<Record> upstream(Bare s) {
    return s.upstream.apply(s.request).toCompletableFuture().join();
  }

  /** The engine without await, default upstream pool. */
  @Benchmark
  public MutationOutcome run(Server s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine, awaiting the in-memory consumer (read your writes). */
  @Benchmark
  public MutationOutcome runAwait(Server s) {
    return s.server.service().run(s.awaiting, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine without await, upstream called on this thread. */
  @Benchmark
  public MutationOutcome runDirect(DirectServer s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** The engine without await, no consumer, upstream called on this thread. */
  @Benchmark
  public MutationOutcome runDirectNoConsumer(DirectNoConsumer s) {
    return s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }

  /** Baseline at throughput: {@value #BATCH} upstream creates. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object upstreamBatch(Bare s) {
    Object last = null;
    for (int i = 0; i < BATCH; i++) {
      last = s.upstream.apply(s.request).toCompletableFuture().join();
    }
    return last;
  }

  /** The engine at throughput: {@value #BATCH} runs in flight on the default pool, then joined. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object runBatch(Server s) {
    CompletableFuture<?>[] runs = new CompletableFuture<?>[BATCH];
    for (int i = 0; i < BATCH; i++) {
      runs[i] = s.server.service().run(s.request, Fixtures.PRINCIPAL).toCompletableFuture();
    }
    return CompletableFuture.allOf(runs).join();
  }

  /** Runs every task on the calling thread. */
  static final class Direct extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
