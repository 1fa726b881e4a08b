package io.allkinds.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.SinkMode;
import io.allkinds.config.StoreConfig;
import io.allkinds.sink.Sinks;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.Database;
import io.allkinds.store.JournalTail;
import io.allkinds.store.OpQueue;
import io.allkinds.store.WriteFence;
import io.allkinds.testing.Postgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17's sink performance: in one JVM, a real store (an H2 file, or with {@code
 * -Dbench.postgres=true} a PostgreSQL server of its own), a real {@link ChangeWriter} fed N watch
 * events of ConfigMaps of about 1 KB at a fixed rate, a {@link JournalTail}, and {@link Sinks} with
 * one sink pointed at a {@link SinkReceiver} that answers 204. For batched mode (5,000 changes/s by
 * default) and binary mode (1,000/s), after an uncounted warm-up, each on a new store: the writer
 * alone at the offered rate (the baseline); again with the sink delivering (the write rate, the
 * delivery rate, the delivery lag p50/p99/max, whether it kept up); and the sink's capacity, as the
 * rate at which it drains N changes stored before it starts. Asserts only that every change arrived
 * exactly once and in order. Run: {@code mvn -pl aggregator test -Dtest=SinkBenchmark
 * -Dbench.sink=50000}; {@code -Dbench.sink.batchedRate}, {@code -Dbench.sink.binaryRate}, {@code
 * -Dbench.sink.batchSize}, {@code -Dbench.sink.modes=batched,binary}, {@code -Dbench.sink.warmup}
 * and {@code -Dbench.sink.keptUpSeconds} change the defaults.
 */
@EnabledIfSystemProperty(
    named = "bench.sink",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.sink=N")
class SinkBenchmark {

  @TempDir Path tmp;

  private int stores;

  @Test
  void deliveryRates() throws Exception {
    if (Boolean.getBoolean("bench.postgres")) {
      // A PostgreSQL server of the benchmark's own, for this run only; a new database per run.
      try (Postgres pg = Postgres.start()) {
        runAll(
            "PostgreSQL",
            () -> {
              try {
                return new StoreConfig(pg.createDatabase("sinkbench"), pg.user(), pg.password());
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
    int n = Integer.getInteger("bench.sink");
    double keptUp = Double.parseDouble(System.getProperty("bench.sink.keptUpSeconds", "2"));
    List<SinkFigures> rows = new ArrayList<>();
    for (String m : System.getProperty("bench.sink.modes", "batched,binary").split(",", -1)) {
      SinkMode mode = SinkMode.valueOf(m.trim().toUpperCase(Locale.ROOT));
      double rate =
          Double.parseDouble(
              System.getProperty(
                  "bench.sink." + m.trim() + "Rate", mode == SinkMode.BINARY ? "1000" : "5000"));
      String load = loadAverage();
      int warmUp = Integer.getInteger("bench.sink.warmup", Math.min(n, 5_000));
      if (warmUp > 0) {
        // The JIT compiles the writer's, the sink's and the receiver's paths on a run not counted.
        announce(store, mode, "warm-up, " + warmUp + " changes, with the sink");
        run(newStore.get(), warmUp, rate, mode, false);
      }
      announce(store, mode, n + " changes at " + rate + "/s, the writer alone");
      Run baseline = run(newStore.get(), n, rate, null, false);
      announce(store, mode, n + " changes at " + rate + "/s, with the sink");
      Run withSink = run(newStore.get(), n, rate, mode, false);
      announce(store, mode, n + " changes stored first, then drained by the sink");
      Run drain = run(newStore.get(), n, Double.POSITIVE_INFINITY, mode, true);
      rows.add(
          new SinkFigures(
              store,
              mode.name().toLowerCase(Locale.ROOT),
              rate,
              baseline.written,
              withSink.written,
              withSink.arrivals,
              drain.arrivals.events() / ((drain.lastArrival - drain.sinkStart) / 1e9),
              keptUp,
              withSink.retries + drain.retries,
              withSink.profile
                  + "\n  drain: "
                  + drain.profile
                  + "\n  load average before / after: "
                  + load
                  + " / "
                  + loadAverage()));
      System.out.print(SinkFigures.table(rows.subList(rows.size() - 1, rows.size())));
    }
    System.out.printf(
        Locale.ROOT,
        "%n=== sink benchmark: %s, %d changes per run, %d cores ===%n%s",
        store,
        n,
        Runtime.getRuntime().availableProcessors(),
        SinkFigures.table(rows));
  }

  private static void announce(String store, SinkMode mode, String what) {
    System.out.printf(Locale.ROOT, "%n--- %s, %s: %s ---%n", store, mode, what);
  }

  private static String loadAverage() throws Exception {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
    return f[0] + " " + f[1] + " " + f[2];
  }

  /**
   * What one run measured: the writer's figures, and with a sink what it delivered, when it was
   * started and when its last event arrived (System.nanoTime).
   */
  private record Run(
      PacedChanges.Written written,
      SinkReceiver.Arrivals arrivals,
      long sinkStart,
      long lastArrival,
      double retries,
      String profile) {}

  /**
   * N changes at {@code rate} into a new store, delivered by a sink in {@code mode} (none when
   * null), started before the first change or, to {@code drain} them, after the last commit.
   */
  private static Run run(StoreConfig storeConfig, int n, double rate, SinkMode mode, boolean drain)
      throws Exception {
    long pid = ProcessHandle.current().pid();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BodyCodec codec = new BodyCodec();
    try (Database db = Database.open(storeConfig);
        SinkReceiver receiver = mode == null ? null : SinkReceiver.start(n)) {
      ChangeWriter writer =
          new ChangeWriter(
              db.writerDataSource(), new OpQueue(10_000, 64 << 20), 500, registry, WriteFence.NONE);
      writer.start();
      JournalTail tail = new JournalTail(writer);
      Vertx vertx = Vertx.vertx();
      Sinks sinks = null;
      try {
        TimedDataSource sinkStore = new TimedDataSource(db.sinkDataSource());
        if (mode != null) {
          sinks =
              BenchSink.wire(
                  vertx, sinkStore, codec, tail, registry, BenchSink.config(receiver.url(), mode));
          if (!drain) {
            sinks.startAll();
          }
        }
        CpuUse before = CpuUse.threadsOf(pid);
        PacedChanges.Written written = new PacedChanges().feed(writer, tail, n, rate);
        if (receiver == null) {
          System.out.printf(
              Locale.ROOT,
              "written %.0f/s, commit p50 %.1f ms p99 %.1f ms%n",
              written.rate(),
              written.commitMs(0.5),
              written.commitMs(0.99));
          return new Run(written, null, 0, 0, 0, "");
        }
        long sinkStart = System.nanoTime();
        if (drain) {
          before = CpuUse.threadsOf(pid);
          sinks.startAll();
        }
        // Generous: a sink that falls behind still delivers everything, only later.
        long waitS = Math.max(300, (long) (20 * n / Math.min(rate, 5_000)));
        boolean all = receiver.awaitAll(waitS, TimeUnit.SECONDS);
        CpuUse cpu = CpuUse.threadsOf(pid).since(before);
        // Read before the close: a request the close cuts short counts as a retry.
        Counter retries = registry.find("allkinds.sink.retries").counter();
        double retried = retries == null ? 0 : retries.count();
        sinks.close();
        sinks = null;
        SinkReceiver.Arrivals a = receiver.arrivals();
        assertTrue(
            all, "the receiver got " + a.events() + " of " + n + " events in " + waitS + " s");
        check(a, written.firstSeq(), n);
        String profile =
            String.format(
                Locale.ROOT,
                "the sink held %d store connections for %.2f s (%.2f ms each: %s); the"
                    + " receiver's thread used %.2f cpu-s; cpu-s by thread (vert.x-eventloo: the"
                    + " sink's and the receiver's): %s",
                sinkStore.connections(),
                sinkStore.heldSeconds(),
                sinkStore.heldSeconds() * 1e3 / Math.max(1, sinkStore.connections()),
                sinkStore.byStatement(),
                receiver.cpuSeconds(),
                cpu.describe(7));
        long[] arrived = a.arrivalNanos();
        return new Run(written, a, sinkStart, arrived[arrived.length - 1], retried, profile);
      } finally {
        if (sinks != null) {
          sinks.close();
        }
        vertx.close().await(30, TimeUnit.SECONDS);
        writer.close();
      }
    }
  }

  /** Every change exactly once, in journal order: no fault happened, so no resend either. */
  private static void check(SinkReceiver.Arrivals a, long firstSeq, int n) {
    assertEquals(n, a.events(), "events received (a resend would make more)");
    long[] ids = a.ids();
    for (int i = 0; i < n; i++) {
      if (ids[i] != firstSeq + 1 + i) {
        throw new AssertionError(
            "event " + i + " has ce-id " + ids[i] + ", expected " + (firstSeq + 1 + i));
      }
    }
  }
}
