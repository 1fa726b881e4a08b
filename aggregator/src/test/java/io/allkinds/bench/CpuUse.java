package io.allkinds.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time that processes on this Linux host have used, read from {@code /proc}: per process, and
 * per thread group of one process (its threads by kernel name, digits replaced by {@code #}), so a
 * benchmark can say where the seconds of a run went: the JIT, the GC, the store writer, the API
 * server. Only what a snapshot saw is counted; threads that ended between two snapshots are lost.
 */
record CpuUse(Map<String, Double> seconds) {

  /** Clock ticks per second of {@code /proc/.../stat} times: 100 on every Linux we run on. */
  private static final double TICKS = 100.0;

  /** The CPU seconds of each thread group of {@code pid} so far. */
  static CpuUse threadsOf(long pid) throws IOException {
    Map<String, Double> groups = new TreeMap<>();
    Path tasks = Path.of("/proc", String.valueOf(pid), "task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended while we read
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        groups.merge(name.replaceAll("\\d+", "#"), ticks(stat) / TICKS, Double::sum);
      }
    }
    return new CpuUse(groups);
  }

  /**
   * The CPU seconds each of {@code pids} has used itself (its threads, not its children), by name.
   */
  static CpuUse processes(Map<String, Long> pids) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      out.put(
          p.getKey(),
          ticks(Files.readString(Path.of("/proc", String.valueOf(p.getValue()), "stat"))) / TICKS);
    }
    return new CpuUse(out);
  }

  /** utime + stime of a {@code stat} line, in ticks. */
  private static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** What was used since {@code before}. */
  CpuUse since(CpuUse before) {
    Map<String, Double> out = new TreeMap<>();
    seconds.forEach((k, v) -> out.put(k, v - before.seconds.getOrDefault(k, 0.0)));
    return new CpuUse(out);
  }

  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** "total 51.8 cpu-s: C# CompilerThre 20.5, ..." with the largest {@code top} groups. */
  String describe(int top) {
    List<Map.Entry<String, Double>> largest =
        seconds.entrySet().stream()
            .filter(e -> e.getValue() >= 0.05)
            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
            .limit(top)
            .toList();
    return String.format("%.1f cpu-s", total())
        + (largest.isEmpty()
            ? ""
            : ": "
                + largest.stream()
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")));
  }
}
