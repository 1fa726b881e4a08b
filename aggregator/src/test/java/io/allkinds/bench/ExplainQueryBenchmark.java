package io.allkinds.bench;

import io.allkinds.config.HttpConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.CompareQueries;
import io.allkinds.store.CountQueries;
import io.allkinds.store.Database;
import io.allkinds.store.DiffQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.OpQueue;
import io.allkinds.store.RelationQueries;
import io.allkinds.store.SinkQueries;
import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreSize;
import io.allkinds.store.WriteFence;
import io.allkinds.testing.Api;
import io.allkinds.web.ApiQueries;
import io.allkinds.web.WebVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue #18's query goals at scale: an H2 store of N objects in 100 clusters ({@link ExplainFleet})
 * and 5 N journal entries over 48 hours ({@link ExplainStoreFill}), kept under {@code
 * aggregator/target/bench-explain/h2-N} so that reruns skip the fill, served by the real web
 * verticle; times through HTTP a two-hour {@code /api/v1/diff} page (default limit), a depth-3
 * {@code /api/v1/relations} from a Deployment, {@code /api/v1/drift} of an object every cluster
 * has, and, for reference, a {@code /api/v1/changes} page of the same windows; prints p50, p95 and
 * max of each. Run: {@code mvn -pl aggregator test -Dtest=ExplainQueryBenchmark
 * -Dbench.explainQuery=1000000} ({@code -Dbench.explainQuery.samples=100}; {@code
 * -Dbench.explainQuery.dir} for another place of the cached store).
 */
@EnabledIfSystemProperty(
    named = "bench.explainQuery",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.explainQuery=N")
class ExplainQueryBenchmark {

  /** One row of the printed table. */
  private record Row(String what, String goal, double p50, double p95, double max, String shape) {}

  @Test
  void latencies() throws Exception {
    long n = Long.getLong("bench.explainQuery");
    ExplainFleet fleet = new ExplainFleet(n);
    long entries = 5 * fleet.objects();
    Path dir =
        Path.of(
            System.getProperty(
                "bench.explainQuery.dir", "target/bench-explain/h2-" + fleet.objects()));
    Path marker = dir.resolve("filled");
    boolean fill = !Files.exists(marker);
    if (fill && Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f); // a fill cut short
        }
      }
    }
    Files.createDirectories(dir);
    StoreConfig config =
        new StoreConfig("jdbc:h2:file:" + dir.toAbsolutePath().resolve("allkinds"), null, null);
    ExplainStoreFill filler = new ExplainStoreFill(fleet, entries);
    try (Database db = Database.open(config)) {
      if (fill) {
        long t0 = System.nanoTime();
        filler.fill(db.writerDataSource());
        Files.writeString(marker, "objects=" + fleet.objects() + " entries=" + entries + "\n");
        System.out.printf(
            Locale.ROOT,
            "filled %d objects and %d journal entries in %.1f s%n",
            fleet.objects(),
            entries,
            (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "H2 file %s: %.0f MB%n", dir, db.sizeBytes() / 1e6);
      measureAll(db, fleet, filler);
    }
  }

  private void measureAll(Database db, ExplainFleet fleet, ExplainStoreFill filler)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    ChangeWriter writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(10, 1 << 20),
            10,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    BodyCodec codec = new BodyCodec();
    var ds = db.dataSource();
    List<String> clusters =
        IntStream.range(0, ExplainFleet.CLUSTERS).mapToObj(ExplainFleet::cluster).toList();
    WebVerticle web =
        new WebVerticle(
            new HttpConfig("127.0.0.1", 0, List.of()),
            clusters,
            new ApiQueries(
                new StatusQueries(ds),
                new InventoryQueries(ds, codec),
                new HistoryQueries(ds, codec),
                new ChangeQueries(ds),
                new CountQueries(ds),
                new JournalTail(writer),
                writer.health(),
                new StatusQueries(db.controlDataSource()),
                new StoreSize(ds, 0),
                new SinkQueries(ds, List.of(), "bench", Clock.systemUTC()),
                new DiffQueries(ds),
                new RelationQueries(ds, codec),
                new CompareQueries(ds, codec)),
            () -> "");
    vertx.deployVerticle(web).await(30, TimeUnit.SECONDS);
    try {
      Api api = new Api(web.port());
      int samples = Integer.getInteger("bench.explainQuery.samples", 100);
      List<Row> rows = new ArrayList<>();
      Random random = new Random(18);
      // Two-hour windows anywhere after the initial lists (the first fifth of the journal).
      IntFunction<Instant> windowStart =
          i ->
              filler
                  .at(fleet.objects() + 1)
                  .plusSeconds(
                      (long)
                          (random.nextDouble()
                              * (filler.span().toSeconds() * 4 / 5 - 7200 - 3600)));
      rows.add(
          measure(
              api,
              "diff, 2-hour window, first page",
              "p95 < 100 ms",
              samples,
              i -> {
                Instant from = windowStart.apply(i);
                return "/api/v1/diff?from=" + from + "&to=" + from.plusSeconds(7200);
              },
              r -> r.json().getJsonArray("groups").size() + " kinds"));
      rows.add(
          measure(
              api,
              "diff, 2-hour window, one cluster",
              "p95 < 100 ms",
              samples,
              i -> {
                Instant from = windowStart.apply(i);
                return "/api/v1/diff?from="
                    + from
                    + "&to="
                    + from.plusSeconds(7200)
                    + "&cluster="
                    + ExplainFleet.cluster(random.nextInt(ExplainFleet.CLUSTERS));
              },
              r -> r.json().getJsonArray("groups").size() + " kinds"));
      rows.add(
          measure(
              api,
              "changes, 2-hour window (reference)",
              "",
              samples,
              i -> {
                Instant from = windowStart.apply(i);
                return "/api/v1/changes?since=" + from + "&until=" + from.plusSeconds(7200);
              },
              r -> r.json().getJsonArray("items").size() + " items"));
      rows.add(
          measure(
              api,
              "relations, depth 3, from a Deployment",
              "p95 < 100 ms",
              samples,
              i ->
                  "/api/v1/relations?cluster="
                      + ExplainFleet.cluster(random.nextInt(ExplainFleet.CLUSTERS))
                      + "&apiVersion=apps/v1&kind=Deployment&namespace="
                      + ExplainFleet.appNamespace(Math.floorMod(i * 7919, fleet.apps))
                      + "&name=app-"
                      + Math.floorMod(i * 7919, fleet.apps)
                      + "&depth=3",
              r ->
                  r.json().getJsonArray("nodes").size()
                      + " nodes, "
                      + r.json().getJsonArray("edges").size()
                      + " edges"));
      rows.add(
          measure(
              api,
              "drift, a shared ConfigMap, 100 clusters",
              "p95 < 300 ms",
              samples,
              i ->
                  "/api/v1/drift?apiVersion=v1&kind=ConfigMap&namespace=shared&name=shared-"
                      + random.nextInt(fleet.shared),
              r -> r.json().getJsonArray("groups").size() + " groups"));
      rows.add(
          measure(
              api,
              "drift, a Deployment, 100 clusters",
              "p95 < 300 ms",
              samples,
              i -> {
                int app = random.nextInt(fleet.apps);
                return "/api/v1/drift?apiVersion=apps/v1&kind=Deployment&namespace="
                    + ExplainFleet.appNamespace(app)
                    + "&name=app-"
                    + app;
              },
              r -> r.json().getJsonArray("groups").size() + " groups"));
      print(fleet, filler, rows, samples);
      // A two-hour window in the middle of the modifications: 5,000,000 / 24 entries at any size.
      long window = 5_000_000L / 24;
      long fromSeq = fleet.objects() + Math.max(0, 4 * fleet.objects() - window) / 2;
      ExplainPlans.print(ds, fromSeq, Math.min(5 * fleet.objects(), fromSeq + window));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      writer.close();
    }
  }

  private static void print(
      ExplainFleet fleet, ExplainStoreFill filler, List<Row> rows, int samples) {
    System.out.printf(
        Locale.ROOT,
        "%n=== explain query benchmark: H2, %d objects in %d clusters, %d journal entries over"
            + " %.1f h, %d samples each ===%n",
        fleet.objects(),
        ExplainFleet.CLUSTERS,
        5 * fleet.objects(),
        filler.span().toMinutes() / 60.0,
        samples);
    System.out.printf(
        Locale.ROOT,
        "%-42s %9s %9s %9s  %-13s %s%n",
        "query",
        "p50 ms",
        "p95 ms",
        "max ms",
        "goal",
        "answer (last)");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-42s %9.1f %9.1f %9.1f  %-13s %s%n",
          r.what,
          r.p50,
          r.p95,
          r.max,
          r.goal,
          r.shape);
    }
  }

  /** p50, p95 and max of {@code samples} GETs after a few uncounted ones. */
  private static Row measure(
      Api api,
      String what,
      String goal,
      int samples,
      IntFunction<String> query,
      java.util.function.Function<Api.Response, String> shape) {
    String last = "";
    for (int i = 0; i < Math.max(5, samples / 10); i++) {
      get(api, query.apply(-1 - i));
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      String q = query.apply(i);
      long t0 = System.nanoTime();
      Api.Response r = get(api, q);
      ms.add((System.nanoTime() - t0) / 1e6);
      last = r.status() == 200 ? shape.apply(r) : "status " + r.status();
    }
    Collections.sort(ms);
    Row row =
        new Row(
            what,
            goal,
            ms.get(ms.size() / 2),
            ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.95) - 1)),
            ms.get(ms.size() - 1),
            last);
    System.out.printf(
        Locale.ROOT,
        "%-42s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  (%s; e.g. %s)%n",
        what,
        row.p50,
        row.p95,
        row.max,
        last,
        query.apply(0));
    return row;
  }

  private static int failures;

  private static Api.Response get(Api api, String query) {
    Api.Response r = api.get(query);
    if (r.status() != 200 && failures++ < 5) {
      System.out.printf("  %s -> %d %s%n", query, r.status(), r.body());
    }
    return r;
  }
}
