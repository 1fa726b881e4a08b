package io.allkinds.cluster;

import io.allkinds.cluster.ExplainPipeline.Variant;
import io.allkinds.config.StoreConfig;
import io.allkinds.testing.Postgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18's cost of explaining changes at write time: N realistic objects ({@link
 * ExplainObjects}: Pods, Deployments, ConfigMaps as JSON) parsed, encoded by the real {@link
 * ObjectEncoder} and written by the real store writer ({@link ExplainPipeline}), first listed
 * (ADDED) in the order an API server lists them (by namespace and name), then each modified once
 * (status-only and spec changes mixed) in another order, as watch events come. "before" encodes
 * without digests, so the writer keeps no changed paths, actors or edges; "after" is the product as
 * it is; "facts only" keeps changed paths and actors but no edges, to tell the two costs apart. The
 * three stores are open side by side and fed the same chunks in turn (each variant first, second
 * and third in rotation), so all see the same machine load and the same table sizes; an uncounted
 * warm-up on stores of their own comes first. Prints objects/s per variant and phase, the encoder's
 * own time per object, the ratio to before of the totals and the spread of the chunks' ratios, the
 * CPU time per object (this process's, plus PostgreSQL's processes') and its ratio to before, and
 * what each store kept. On a shared host the CPU ratio is the steadier one: the wall clock moves
 * with the neighbours. Run: {@code mvn -pl aggregator test -Dtest=ExplainWriterBenchmark
 * -Dbench.explainWriter=200000} ({@code -Dbench.explainWriter.chunk=5000}, {@code
 * -Dbench.explainWriter.warmup=10000}, {@code -Dbench.postgres=true} for a PostgreSQL server of its
 * own, {@code -Dbench.urlSuffix=?reWriteBatchedInserts=false} to add to its URLs, {@code
 * -Dbench.dropIndexes=a,b} to drop indexes after migrating, to see what they cost).
 */
@EnabledIfSystemProperty(
    named = "bench.explainWriter",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.explainWriter=N")
class ExplainWriterBenchmark {

  @TempDir Path tmp;

  private int stores;

  /** The CPU time of the store's server processes so far (PostgreSQL's); none for H2. */
  private ServerCpu serverCpu = () -> 0;

  /** Reads a server's CPU time. */
  private interface ServerCpu {
    long nanos() throws java.io.IOException;
  }

  @Test
  void beforeAndAfter() throws Exception {
    if (Boolean.getBoolean("bench.postgres")) {
      try (Postgres pg = Postgres.start()) {
        serverCpu = pg::serverCpuNanos;
        runAll(
            "PostgreSQL",
            () -> {
              try {
                return new StoreConfig(
                    pg.createDatabase("explainbench" + stores++)
                        + System.getProperty("bench.urlSuffix", ""),
                    pg.user(),
                    pg.password());
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              }
            });
      }
    } else {
      runAll(
          "H2",
          () ->
              new StoreConfig(
                  "jdbc:h2:file:" + tmp.resolve("db-" + stores++ + "/allkinds"), null, null));
    }
  }

  private void runAll(String store, Supplier<StoreConfig> newStore) throws Exception {
    int n = Integer.getInteger("bench.explainWriter");
    int chunk = Integer.getInteger("bench.explainWriter.chunk", 5_000);
    int warmUp = Integer.getInteger("bench.explainWriter.warmup", Math.min(n, 10_000));
    System.out.printf(Locale.ROOT, "%n--- warm-up: %d objects, each variant ---%n", warmUp);
    for (Variant v : Variant.values()) {
      try (ExplainPipeline p = new ExplainPipeline(newStore.get(), v)) {
        p.write(0, warmUp, warmUp, ExplainPipeline.LIST);
        p.write(0, warmUp, warmUp, ExplainPipeline.MODIFY);
      }
    }
    List<ExplainPipeline> pipelines = new ArrayList<>();
    try {
      for (Variant v : Variant.values()) {
        pipelines.add(new ExplainPipeline(newStore.get(), v));
      }
      // Per phase and variant (index 1 and 2), the ratios before/variant of each chunk.
      double[][][] ratios = new double[2][3][(n + chunk - 1) / chunk];
      // Per phase and variant, the CPU time the whole process spent while its chunks ran.
      long[][] cpuNanos = new long[2][3];
      for (int phase : new int[] {ExplainPipeline.LIST, ExplainPipeline.MODIFY}) {
        for (int from = 0, c = 0; from < n; from += chunk, c++) {
          int to = Math.min(n, from + chunk);
          long[] nanos = new long[3];
          for (int k = 0; k < 3; k++) {
            int v = (c + k) % 3; // each variant goes first, second and third in turn
            long cpu0 = processCpuNanos() + serverCpu.nanos();
            nanos[v] = pipelines.get(v).write(from, to, n, phase);
            cpuNanos[phase][v] += processCpuNanos() + serverCpu.nanos() - cpu0;
          }
          StringBuilder line = new StringBuilder();
          for (int v = 0; v < 3; v++) {
            ratios[phase][v][c] = (double) nanos[0] / nanos[v];
            line.append(
                String.format(
                    Locale.ROOT,
                    "  %s %6.0f/s",
                    pipelines.get(v).variant.label,
                    (to - from) / (nanos[v] / 1e9)));
          }
          System.out.printf(
              Locale.ROOT,
              "%s %6d..%6d:%s%n",
              phase == ExplainPipeline.LIST ? "list  " : "modify",
              from,
              to,
              line);
        }
        if (phase == ExplainPipeline.LIST) {
          for (ExplainPipeline p : pipelines) {
            p.listDone(n);
          }
        }
      }
      print(store, n, chunk, pipelines, ratios, cpuNanos);
    } finally {
      for (ExplainPipeline p : pipelines) {
        p.close();
      }
    }
  }

  /**
   * The CPU time of the whole process (its threads, H2's and the collector's): on a shared host the
   * wall clock moves with the neighbours, CPU time much less. PostgreSQL's processes are added by
   * {@link #serverCpu}.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void print(
      String store,
      int n,
      int chunk,
      List<ExplainPipeline> pipelines,
      double[][][] ratios,
      long[][] cpuNanos)
      throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%n=== explain writer benchmark: %s, %d objects (3/5 Pods, 1/5 Deployments, 1/5"
            + " ConfigMaps), chunks of %d, the variants in turn, %d cores ===%n",
        store,
        n,
        chunk,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "%-14s %-11s %10s %14s %14s %-32s %11s %14s%n",
        "phase",
        "variant",
        "objects/s",
        "encode µs/obj",
        "vs before",
        "chunk ratios: median (min-max)",
        "CPU µs/obj",
        "CPU vs before");
    ExplainPipeline before = pipelines.get(0);
    for (int phase : new int[] {ExplainPipeline.LIST, ExplainPipeline.MODIFY}) {
      for (int v = 0; v < 3; v++) {
        ExplainPipeline p = pipelines.get(v);
        double[] r = ratios[phase][v].clone();
        Arrays.sort(r);
        double total = (double) before.nanos[phase] / p.nanos[phase];
        double cpu = (double) cpuNanos[phase][0] / cpuNanos[phase][v];
        System.out.printf(
            Locale.ROOT,
            "%-14s %-11s %10.0f %14.1f %14s %-32s %11.1f %14s%n",
            phase == ExplainPipeline.LIST ? "list (ADDED)" : "modify",
            p.variant.label,
            n / (p.nanos[phase] / 1e9),
            p.encodeNanos[phase] / 1e3 / n,
            v == 0 ? "" : String.format(Locale.ROOT, "%.3f (%+.1f%%)", total, 100 * (total - 1)),
            v == 0
                ? ""
                : String.format(
                    Locale.ROOT, "%.3f (%.3f-%.3f)", r[r.length / 2], r[0], r[r.length - 1]),
            cpuNanos[phase][v] / 1e3 / n,
            v == 0 ? "" : String.format(Locale.ROOT, "%.3f (%+.1f%%)", cpu, 100 * (cpu - 1)));
      }
    }
    for (ExplainPipeline p : pipelines) {
      System.out.printf(Locale.ROOT, "%-11s kept: %s%n", p.variant.label, p.facts());
    }
  }
}
