package io.allkinds.cluster;

import io.allkinds.config.StoreConfig;
import io.allkinds.testing.Postgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * (ADDED), then each modified once (status-only and spec changes mixed). "before" encodes without
 * digests, so the writer keeps no changed paths, actors or edges; "after" is the product as it is.
 * Both stores are open side by side and fed in alternating chunks (before then after, then after
 * then before, ...), so both see the same machine load and the same table sizes; an uncounted
 * warm-up on stores of their own comes first. Prints objects/s per variant and phase, the encoder's
 * own time per object, the ratio after/before of the totals and the spread of the ratios of the
 * chunk pairs, and what each store kept. Run: {@code mvn -pl aggregator test
 * -Dtest=ExplainWriterBenchmark -Dbench.explainWriter=100000} ({@code
 * -Dbench.explainWriter.chunk=5000}, {@code -Dbench.explainWriter.warmup=10000}, {@code
 * -Dbench.postgres=true} for a PostgreSQL server of its own).
 */
@EnabledIfSystemProperty(
    named = "bench.explainWriter",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.explainWriter=N")
class ExplainWriterBenchmark {

  @TempDir Path tmp;

  private int stores;

  @Test
  void beforeAndAfter() throws Exception {
    if (Boolean.getBoolean("bench.postgres")) {
      try (Postgres pg = Postgres.start()) {
        runAll(
            "PostgreSQL",
            () -> {
              try {
                return new StoreConfig(
                    pg.createDatabase("explainbench" + stores++), pg.user(), pg.password());
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
    for (boolean digests : new boolean[] {false, true}) {
      try (ExplainPipeline p = new ExplainPipeline(newStore.get(), digests)) {
        p.write(0, warmUp, ExplainPipeline.LIST);
        p.write(0, warmUp, ExplainPipeline.MODIFY);
      }
    }
    try (ExplainPipeline before = new ExplainPipeline(newStore.get(), false);
        ExplainPipeline after = new ExplainPipeline(newStore.get(), true)) {
      List<List<Double>> ratios = List.of(new ArrayList<>(), new ArrayList<>());
      for (int phase : new int[] {ExplainPipeline.LIST, ExplainPipeline.MODIFY}) {
        for (int from = 0, c = 0; from < n; from += chunk, c++) {
          int to = Math.min(n, from + chunk);
          long b;
          long a;
          if (c % 2 == 0) {
            b = before.write(from, to, phase);
            a = after.write(from, to, phase);
          } else {
            a = after.write(from, to, phase);
            b = before.write(from, to, phase);
          }
          ratios.get(phase).add((double) b / a);
          System.out.printf(
              Locale.ROOT,
              "%s %6d..%6d: before %6.0f objects/s, after %6.0f objects/s%n",
              phase == ExplainPipeline.LIST ? "list  " : "modify",
              from,
              to,
              (to - from) / (b / 1e9),
              (to - from) / (a / 1e9));
        }
        if (phase == ExplainPipeline.LIST) {
          before.listDone(n);
          after.listDone(n);
        }
      }
      print(store, n, chunk, before, after, ratios);
    }
  }

  private static void print(
      String store,
      int n,
      int chunk,
      ExplainPipeline before,
      ExplainPipeline after,
      List<List<Double>> ratios)
      throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%n=== explain writer benchmark: %s, %d objects (3/5 Pods, 1/5 Deployments, 1/5"
            + " ConfigMaps), chunks of %d alternating, %d cores ===%n",
        store,
        n,
        chunk,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT, "%-16s %-8s %12s %15s%n", "phase", "variant", "objects/s", "encode µs/obj");
    for (int phase : new int[] {ExplainPipeline.LIST, ExplainPipeline.MODIFY}) {
      for (ExplainPipeline p : List.of(before, after)) {
        System.out.printf(
            Locale.ROOT,
            "%-16s %-8s %12.0f %15.1f%n",
            phase == ExplainPipeline.LIST ? "list (ADDED)" : "modify",
            p.digests ? "after" : "before",
            n / (p.nanos[phase] / 1e9),
            p.encodeNanos[phase] / 1e3 / n);
      }
      List<Double> r = new ArrayList<>(ratios.get(phase));
      Collections.sort(r);
      double total = (double) before.nanos[phase] / after.nanos[phase];
      System.out.printf(
          Locale.ROOT,
          "%-16s after/before %.3f (cost %.1f%%); chunk pairs: median %.3f, min %.3f, max %.3f%n",
          "",
          total,
          100 * (1 - total),
          r.get(r.size() / 2),
          r.get(0),
          r.get(r.size() - 1));
    }
    System.out.println("before kept: " + before.facts());
    System.out.println("after kept:  " + after.facts());
  }
}
