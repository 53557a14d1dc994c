package io.mutationapi.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mutationapi.MutationRequest;
import io.mutationapi.micrometer.MutationMetrics;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.ServerObserver;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
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
 * The cost of metrics: one request through {@code MutationHttpHandler} (as {@link
 * HandlerBenchmark#handle}) and one awaiting run of the engine (as {@link
 * EngineBenchmark#runAwait}, on the stateless upstream), each with no observer and with {@code
 * MutationMetrics} on a {@link SimpleMeterRegistry}, in the same run. Overhead = {@code micrometer}
 * - {@code none}. Not in the suite; run it alone: {@code java -jar benchmarks/target/benchmarks.jar
 * MetricsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsBenchmark {
  @Param({"none", "micrometer"})
  public String observer;

  private MutationServer server;
  private ServerObserver calls;
  private MutationHttpHandler handler;
  private byte[] body;
  private Map<String, List<String>> headers;
  private final MutationRequest awaiting = Fixtures.create(1, true);

  @Setup(Level.Iteration)
  public void setUp() {
    MutationServer.Builder builder =
        MutationServer.builder()
            .sync(Fixtures.SYNC, new Fixtures.StatelessUpstream(), Fixtures.COLLECTION)
            .consumer(Fixtures.CONSUMER, new InMemoryConsumer(), Fixtures.COLLECTION)
            .bearerToken(Fixtures.TOKEN, Fixtures.PRINCIPAL);
    MutationMetrics metrics = null;
    calls = ServerObserver.NONE;
    if (observer.equals("micrometer")) {
      metrics = MutationMetrics.create(new SimpleMeterRegistry());
      builder.observer(metrics);
      calls = MutationMetrics.create(new SimpleMeterRegistry());
    }
    server = builder.build();
    if (metrics != null) {
      metrics.bindTo(server);
    }
    handler = server.httpHandler();
    body = Fixtures.createBody(1, false);
    headers =
        Map.of(
            "Authorization", List.of("Bearer " + Fixtures.TOKEN),
            "Content-Type", List.of("application/json"),
            "Content-Length", List.of(Integer.toString(body.length)),
            "Host", List.of("127.0.0.1:8080"));
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    server.close();
  }

  /** One request through the handler, no await. */
  @Benchmark
  public HandlerResponse handle() {
    return handler
        .handle(
            new HandlerRequest(
                "POST", MutationHttpHandler.PATH, headers, new ByteArrayInputStream(body)))
        .toCompletableFuture()
        .join();
  }

  /**
   * The observer's calls for one awaiting request alone, no server: request answered, upstream
   * call, await, consumer batch (on {@code none}, the empty defaults of {@link ServerObserver}).
   */
  @Benchmark
  public ServerObserver observerCalls() {
    ServerObserver o = calls;
    o.upstreamCalled(Fixtures.SYNC, 1, 12_345, ServerObserver.UpstreamResult.SUCCESS);
    o.consumerBatch(Fixtures.CONSUMER, 1, 23_456, true);
    o.awaitFinished(1, 34_567, ServerObserver.AwaitResult.COMPLETED);
    o.requestAnswered(MutationHttpHandler.PATH, "create", 200, "none", false, 45_678);
    return o;
  }

  /** The engine, awaiting the in-memory consumer: upstream call, await and consumer batch. */
  @Benchmark
  public MutationOutcome runAwait() {
    return server.service().run(awaiting, Fixtures.PRINCIPAL).toCompletableFuture().join();
  }
}
