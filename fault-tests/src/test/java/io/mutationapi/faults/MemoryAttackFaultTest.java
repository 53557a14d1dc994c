package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory attacks on a server with its default limits, each in a JVM of its own with a small heap
 * ({@link MemoryAttack}), so that an {@link OutOfMemoryError} fails the test instead of the build:
 * a body of millions of tiny values under the byte limit, and keyed requests with large answers.
 * In-process, no sockets; each run is bounded (under a minute) and prints its tally.
 */
class MemoryAttackFaultTest {
  private static final long TIMEOUT_SECONDS = 120;

  /**
   * Runs {@link MemoryAttack} {@code attack} with {@code heap}; returns its exit code and output.
   */
  private static Result fork(String attack, String heap) throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isEmpty()) {
      classpath = System.getProperty("java.class.path");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx" + heap,
                    "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    classpath,
                    MemoryAttack.class.getName(),
                    attack))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(attack + " attack did not finish in " + TIMEOUT_SECONDS + " s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    text.lines().filter(line -> line.startsWith("tally:")).forEach(System.out::println);
    return new Result(process.exitValue(), text);
  }

  private record Result(int exitCode, String output) {}

  @Test
  void millionsOfTinyValuesUnderTheByteLimit_areRefused413_inA128MBHeap() throws Exception {
    Result result = fork("values", "128m");

    assertThat(result.output()).contains("tally: values attack").contains("413=10 other=0");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void keyedRequestsWithLargeAnswers_keepTheIdempotencyStoreBounded_inA160MBHeap()
      throws Exception {
    Result result = fork("idempotency", "160m");

    assertThat(result.output()).contains("tally: idempotency attack").contains("200=40 other=0");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
