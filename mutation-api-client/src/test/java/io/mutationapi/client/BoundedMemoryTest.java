package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Answers far larger than the heap end in the client's own exceptions, not in {@code
 * OutOfMemoryError}: {@link MemoryProbe} runs them in a JVM of its own with a 128 MB heap, so an
 * OOM is provable and cannot hurt this JVM.
 */
class BoundedMemoryTest {
  private static final String HEAP = "-Xmx128m";

  @Test
  void answersLargerThanTheHeap_endInTheClientsExceptions() throws Exception {
    String classpath =
        Stream.of(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
            .filter(p -> p != null && !p.isBlank())
            .collect(Collectors.joining(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = Files.createTempFile("memory-probe", ".txt");
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      HEAP,
                      "-XX:+ExitOnOutOfMemoryError",
                      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                      "-cp",
                      classpath,
                      MemoryProbe.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean exited = process.waitFor(150, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      System.out.println("memory probe at " + HEAP + ":\n" + out);

      assertThat(exited).as("the probe finished within 150 s").isTrue();
      assertThat(out).contains("ALL HELD").doesNotContain("OutOfMemoryError");
      assertThat(process.exitValue()).isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
