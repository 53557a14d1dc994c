package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.http.HandlerRequest;
import io.mutationapi.server.http.HandlerResponse;
import io.mutationapi.server.http.MutationHttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Item 4 without sockets and threads: the CPU one request costs in {@code MutationHttpHandler}
 * (headers, bearer token, parse, engine, a {@link Fixtures.StatelessUpstream} called on this
 * thread, response body), no consumer; against what the bare baseline's handler does (Jackson
 * {@code readTree}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandlerBenchmark {
  private final ObjectMapper mapper = new ObjectMapper();
  private MutationServer server;
  private MutationHttpHandler handler;
  private byte[] body;
  private Map<String, List<String>> headers;
  private Map<String, List<String>> headersWithId;

  // The stateless upstream, as in the HTTP benchmark: the in-memory one keeps every record it
  // creates, and a store grown over the trial would make the collector the measurement.
  @Setup(Level.Iteration)
  public void setUp() {
    server = Fixtures.statelessServer();
    handler = server.httpHandler();
    body = Fixtures.createBody(1, false);
    headers =
        Map.of(
            "Authorization", List.of("Bearer " + Fixtures.TOKEN),
            "Content-Type", List.of("application/json"),
            "Content-Length", List.of(Integer.toString(body.length)),
            "Host", List.of("127.0.0.1:8080"));
    headersWithId =
        Map.of(
            "Authorization", List.of("Bearer " + Fixtures.TOKEN),
            "Content-Type", List.of("application/json"),
            "Content-Length", List.of(Integer.toString(body.length)),
            "Host", List.of("127.0.0.1:8080"),
            "X-Request-Id", List.of("bench-request-id-0001"));
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    server.close();
  }

  /** A request without X-Request-Id: the handler makes one. */
  @Benchmark
  public HandlerResponse handle() {
    return handler
        .handle(
            new HandlerRequest(
                "POST", MutationHttpHandler.PATH, headers, new ByteArrayInputStream(body)))
        .toCompletableFuture()
        .join();
  }

  /** A request that brings its X-Request-Id. */
  @Benchmark
  public HandlerResponse handleWithRequestId() {
    return handler
        .handle(
            new HandlerRequest(
                "POST", MutationHttpHandler.PATH, headersWithId, new ByteArrayInputStream(body)))
        .toCompletableFuture()
        .join();
  }

  /** The bare baseline's handler body: parse with Jackson. */
  @Benchmark
  public JsonNode bareReadTree() throws IOException {
    return mapper.readTree(new ByteArrayInputStream(body));
  }
}
