package io.allkinds.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wall times (and, when given, the CPU seconds of some server processes) of repeated runs of one
 * command line, its output discarded, for the side-by-side benchmarks.
 */
final class TimedRuns {

  private static final long TIMEOUT_SECONDS = 300;

  private final List<Double> seconds = new ArrayList<>();
  private double serverCpu;

  /** The output of one run, kept to check a warm-up answered what it should. */
  record Output(String out, double seconds) {}

  /**
   * Runs {@code command} once with {@code env} added to its environment, stdout into {@code out}
   * (or discarded when null); fails when it exits non-zero or runs over 5 minutes. Returns the wall
   * time in seconds.
   */
  static double run(List<String> command, Map<String, String> env, Path out, Path err)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectOutput(
        out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
    pb.redirectError(err.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " ran over 5 minutes");
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited "
              + p.exitValue()
              + ": "
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return s;
  }

  /**
   * Runs {@code command} once and records its wall time and what {@code server} processes used in
   * the meantime (by pid, as {@link CpuUse#processes} reads them; empty for none).
   */
  void timed(List<String> command, Map<String, String> env, Path err, Map<String, Long> server)
      throws IOException, InterruptedException {
    CpuUse before = server.isEmpty() ? null : CpuUse.processes(server);
    seconds.add(run(command, env, null, err));
    if (before != null) {
      serverCpu += CpuUse.processes(server).since(before).total();
    }
  }

  double median() {
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return Collections.min(seconds);
  }

  /** The server processes' CPU seconds per run. */
  double serverCpuPerRun() {
    return serverCpu / seconds.size();
  }
}
