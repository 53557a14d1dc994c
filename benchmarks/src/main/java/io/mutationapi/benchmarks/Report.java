package io.mutationapi.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** Turns the suite's figures into {@code BENCHMARKS.md}. */
final class Report extends ReportSection {
  private static final Path NOTES = Path.of("benchmarks", "NOTES.md");

  private final Instant start;
  private final long seconds;
  private final String loadBefore;
  private final String loadAfter;
  private final boolean quick;

  Report(
      Map<String, Double> figures,
      Instant start,
      long seconds,
      String loadBefore,
      String loadAfter,
      boolean quick) {
    super(figures);
    this.start = start;
    this.seconds = seconds;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.quick = quick;
  }

  String markdown() {
    header();
    new TargetsSection(this).write();
    new ServerTargetsSection(this).write();
    new MicroSections(this).write();
    new HttpSections(this).write();
    new ClientMemorySections(this).write();
    md.append(SalesforceSection.markdown(f));
    new JdbcSection(this).write();
    new ServeSection(this).write();
    reproduce();
    notes();
    return md.toString();
  }

  private void header() {
    line("# Benchmarks");
    line("");
    line(
        "Written by `bash benchmarks/run.sh` on "
            + start.truncatedTo(ChronoUnit.SECONDS)
            + " in "
            + seconds
            + " s."
            + (quick ? " **QUICK SMOKE RUN: iterations too short to quote.**" : ""));
    line("");
    line("| | |");
    line("|---|---|");
    line("| CPU | " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores |");
    line("| memory | " + memTotal() + " |");
    line("| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
    line(
        "| JDK | "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " (the suite and every forked JVM: -Xms2g -Xmx2g, G1) |");
    line("| load average (1, 5, 15 min) | before: " + loadBefore + "; after: " + loadAfter + " |");
    line("");
    line(
        "The machine is shared and noisy (other builds run on its 2 cores), so every figure is"
            + " measured beside its baseline in the same run and **ratios come first**; absolute"
            + " figures move with the load average above.");
    line("");
  }

  private void reproduce() {
    line("## How to reproduce");
    line("");
    line("```");
    line(
        "bash benchmarks/run.sh            # builds the module, runs everything, writes BENCHMARKS.md");
    line(
        "bash benchmarks/run.sh --quick    # smoke run, ~2 min: benchmarks/target/BENCHMARKS-quick.md");
    line(
        "bash benchmarks/run.sh --full     # also the 10-minute soak of the demo server (ServeSoak)");
    line("```");
    line("");
    line(
        "The script builds `benchmarks/target/benchmarks.jar` (`mvn -pl benchmarks -am package`,"
            + " tests skipped) and runs `java -jar benchmarks/target/benchmarks.jar`. JMH: 1 fork,"
            + " 2 warm-up and 4 measured iterations of 1 s, `-prof gc`. Single benchmarks: `java"
            + " -jar benchmarks/target/benchmarks.jar` runs the suite; `java -cp"
            + " benchmarks/target/benchmarks.jar org.openjdk.jmh.Main EngineBenchmark -prof gc`"
            + " runs one JMH class.");
    line("");
  }

  private void notes() {
    if (Files.exists(NOTES)) {
      try {
        md.append(Files.readString(NOTES, StandardCharsets.UTF_8));
      } catch (IOException e) {
        line("(could not read " + NOTES + ": " + e + ")");
      }
    }
  }

  private static String cpu() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }
}
