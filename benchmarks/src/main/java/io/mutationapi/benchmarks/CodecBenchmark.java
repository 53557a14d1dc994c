package io.mutationapi.benchmarks;

import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.internal.WireCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Item 1: the wire codec. Reading a request parses and validates it (what the server does with
 * every body); writing the result is what it answers; writing the request is the client's side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
  @Param({"1", "1000"})
  public int records;

  private final WireCodec codec = WireCodec.standard();
  private byte[] body;
  private MutationRequest request;
  private MutationResult result;
  private byte[] resultBody;

  @Setup
  public void setUp() {
    body = Fixtures.createBody(records, false);
    request = Fixtures.create(records, false);
    result = Fixtures.result(records);
    resultBody = codec.writeResult(result);
  }

  /** Parse and validate a create body. */
  @Benchmark
  public MutationRequest readRequest() {
    return codec.readRequest(body);
  }

  /** Write the success body of the create. */
  @Benchmark
  public byte[] writeResult() {
    return codec.writeResult(result);
  }

  /** Read the success body (the client's half). */
  @Benchmark
  public MutationResult readResult() {
    return codec.readResult(resultBody);
  }

  /** Write a create body (the client's half). */
  @Benchmark
  public byte[] writeRequest() {
    return codec.writeRequest(request);
  }
}
