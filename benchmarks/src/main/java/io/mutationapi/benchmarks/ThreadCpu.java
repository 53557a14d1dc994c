package io.mutationapi.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's threads, summed by group: Java threads by their full name (through {@link
 * ThreadMXBean}), the JVM's own threads (JIT compilers, collector) by their Linux thread name in
 * {@code /proc/self/task} (they are not Java threads). A snapshot; {@link #minus} gives a period.
 * Threads that ended within the period are missing from both ends: what the process spent less the
 * groups is reported as {@code unattributed}.
 */
final class ThreadCpu {
  static final String JIT = "jit";
  static final String GC = "gc";
  static final String VM = "jvm other";
  static final String UNATTRIBUTED = "unattributed";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ 100 on Linux

  final Map<String, Long> nanosByGroup;
  final long processNanos;

  private ThreadCpu(Map<String, Long> nanosByGroup, long processNanos) {
    this.nanosByGroup = nanosByGroup;
    this.processNanos = processNanos;
  }

  /** Takes a snapshot, grouping Java threads by {@code group} of their name. */
  static ThreadCpu now(Function<String, String> group) {
    Map<String, Long> sums = new LinkedHashMap<>();
    long process = OS.getProcessCpuTime();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || vmGroup(info.getThreadName()) != null) {
        continue; // Counted from /proc below.
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        sums.merge(group.apply(info.getThreadName()), cpu, Long::sum);
      }
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String vmGroup = vmGroup(read(task.resolve("comm")));
        if (vmGroup != null) {
          sums.merge(vmGroup, ticks(read(task.resolve("stat"))) * NANOS_PER_TICK, Long::sum);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the JVM's own threads stay unattributed.
    }
    return new ThreadCpu(sums, process);
  }

  /** Returns this snapshot less an earlier one, with {@link #UNATTRIBUTED} the rest. */
  ThreadCpu minus(ThreadCpu earlier) {
    Map<String, Long> diff = new LinkedHashMap<>();
    long sum = 0;
    for (Map.Entry<String, Long> e : nanosByGroup.entrySet()) {
      long d = e.getValue() - earlier.nanosByGroup.getOrDefault(e.getKey(), 0L);
      diff.put(e.getKey(), Math.max(0, d));
      sum += Math.max(0, d);
    }
    long process = processNanos - earlier.processNanos;
    diff.put(UNATTRIBUTED, Math.max(0, process - sum));
    return new ThreadCpu(diff, process);
  }

  long get(String group) {
    return nanosByGroup.getOrDefault(group, 0L);
  }

  /** The JVM's own threads: null for a Java thread (ThreadMXBean counts those). */
  private static String vmGroup(String comm) {
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic")) {
      return comm.startsWith("VM Periodic") ? VM : GC;
    }
    if (comm.equals("VM Thread") || comm.startsWith("Sweeper") || comm.startsWith("Service Thr")) {
      return VM;
    }
    return null;
  }

  private static long ticks(String stat) {
    // Fields after the ")" that ends the name: state is field 3, utime 14, stime 15.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
