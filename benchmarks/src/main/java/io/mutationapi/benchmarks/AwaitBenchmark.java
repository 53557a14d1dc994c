package io.mutationapi.benchmarks;

import io.mutationapi.await.Position;
import io.mutationapi.internal.await.AwaitOutcome;
import io.mutationapi.internal.await.AwaitRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Item 3, throughput: one await registered and then completed by an advance, with {@code pending}
 * other awaits queued on the same consumer and partition (the worst case for the queue), each with
 * its own timeout scheduled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwaitBenchmark {
  static final String CONSUMER = "c";
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Param({"0", "10000"})
  public int pending;

  private AwaitRegistry registry;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    registry = new AwaitRegistry();
    for (int i = 0; i < pending; i++) {
      // Far beyond any offset the benchmark reaches: these stay queued.
      registry.await(List.of(CONSUMER), List.of(new Position(0, Long.MAX_VALUE / 2 + i)), TIMEOUT);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    registry.close();
  }

  @Benchmark
  public AwaitOutcome registerAndComplete() {
    long offset = next++;
    CompletableFuture<AwaitOutcome> f =
        registry.await(List.of(CONSUMER), List.of(new Position(0, offset)), TIMEOUT);
    registry.advance(CONSUMER, 0, offset + 1);
    return f.getNow(null);
  }
}
