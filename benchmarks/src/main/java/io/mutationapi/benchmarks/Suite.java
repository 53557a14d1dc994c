package io.mutationapi.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and writes {@code BENCHMARKS.md}: the JMH benchmarks (codec, engine, await
 * throughput) in forked JVMs, then each harness (await latency, HTTP, client, memory) in a JVM of
 * its own, collecting their figures.
 *
 * <p>Arguments: the report path (default {@code BENCHMARKS.md}); {@code --quick} for a smoke run;
 * {@code --full} also runs the 10-minute soak of the demo server ({@link ServeSoak}).
 */
public final class Suite {
  private static final List<String> CHILD_JVM =
      List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-Dsun.net.httpserver.nodelay=true");

  private final Map<String, Double> figures = new TreeMap<>();
  private final boolean quick;

  private Suite(boolean quick) {
    this.quick = quick;
  }

  /** The soak's length in a {@code --full} run: the issue asks for 10 minutes at full load. */
  private static final String SOAK_MINUTES = "10";

  public static void main(String[] args) throws Exception {
    Path report = Path.of("BENCHMARKS.md");
    boolean quick = false;
    boolean full = false;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--full")) {
        full = true;
      } else {
        report = Path.of(arg);
      }
    }
    Suite suite = new Suite(quick);
    Instant start = Instant.now();
    String loadBefore = loadAverage();
    suite.jmh();
    suite.child(AwaitLatency.class, quick ? "2000" : "20000");
    suite.child(AwaitOverheadBenchmark.class, quick ? "5000" : "50000");
    suite.child(
        HttpBenchmark.class, quick ? new String[] {"1", "1", "1"} : new String[] {"1", "2", "3"});
    suite.child(ClientBenchmark.class, quick ? new String[] {"1", "1"} : new String[] {"2", "4"});
    suite.child(MemoryBenchmark.class);
    suite.child(
        SalesforceBenchmark.class, quick ? new String[] {"1", "1"} : new String[] {"2", "4"});
    suite.child(
        JdbcConsumerBenchmark.class, quick ? new String[] {"2", "300", "1"} : new String[] {});
    suite.child(AwaitedDbBenchmark.class, quick ? new String[] {"5", "500"} : new String[] {});
    suite.child(
        ServeBenchmark.class,
        quick ? new String[] {"10", "3", "1"} : new String[] {"40", "6", "2"});
    if (full) {
      suite.child(ServeSoak.class, quick ? "2" : SOAK_MINUTES);
    }
    String loadAfter = loadAverage();
    long seconds = ChronoUnit.SECONDS.between(start, Instant.now());
    String markdown =
        new Report(suite.figures, start, seconds, loadBefore, loadAfter, quick).markdown();
    Files.writeString(report, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("Wrote " + report.toAbsolutePath() + " in " + seconds + " s");
  }

  private void jmh() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CodecBenchmark.class.getName())
            .include(EngineBenchmark.class.getName())
            .include(AwaitBenchmark.class.getName())
            .include(HandlerBenchmark.class.getName())
            .forks(1)
            .warmupIterations(quick ? 1 : 2)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 1 : 4)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(CHILD_JVM.toArray(new String[0]))
            .addProfiler("gc")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder key = new StringBuilder("jmh.").append(name);
      for (String param : r.getParams().getParamsKeys()) {
        key.append('.').append(param).append('=').append(r.getParams().getParam(param));
      }
      Result<?> primary = r.getPrimaryResult();
      figures.put(key + ".score", primary.getScore());
      figures.put(key + ".error", primary.getScoreError());
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      if (alloc != null) {
        figures.put(key + ".bytes_per_op", alloc.getScore());
      }
    }
  }

  private void child(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(CHILD_JVM);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    System.out.println("# " + main.getSimpleName() + " " + String.join(" ", args));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        System.out.println(line);
        if (line.startsWith(Results.PREFIX)) {
          String kv = line.substring(Results.PREFIX.length());
          int eq = kv.indexOf('=');
          figures.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(main.getSimpleName() + " failed");
    }
    System.out.println(
        "# "
            + main.getSimpleName()
            + " took "
            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
            + " s");
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.format(Locale.ROOT, "%s, %s, %s", parts[0], parts[1], parts[2]);
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
