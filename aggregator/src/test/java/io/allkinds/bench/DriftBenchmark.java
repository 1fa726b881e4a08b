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
import io.allkinds.testing.Postgres;
import io.allkinds.web.ApiQueries;
import io.allkinds.web.WebVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet drift at scale: N objects (N / 100 ConfigMaps, each in the same 100 clusters; a tenth of
 * the clusters hold a different value), loaded with set-based SQL, then the latency over HTTP of
 * {@code /api/v1/drift} (100 copies read, normalized, grouped and diffed) and {@code
 * /api/v1/compare} (two copies), against one object read ({@code /api/v1/object}) as the baseline
 * measured in the same run. Run: {@code -Dbench.drift=1000000} (H2 file; add {@code
 * -Dbench.postgres=true} for a PostgreSQL server of its own).
 */
@EnabledIfSystemProperty(
    named = "bench.drift",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.drift=N")
class DriftBenchmark {

  private static final int CLUSTERS = 100;
  private static final int SAMPLES = 200;

  @TempDir Path tmp;

  @Test
  void latencies() throws Exception {
    if (Boolean.getBoolean("bench.postgres")) {
      try (Postgres pg = Postgres.start()) {
        latencies(pg.createDatabase("drift"), pg.user(), pg.password(), true);
      }
    } else {
      latencies("jdbc:h2:file:" + tmp.resolve("db/allkinds"), null, null, false);
    }
  }

  private void latencies(String url, String user, String password, boolean postgres)
      throws Exception {
    int n = Integer.getInteger("bench.drift");
    int names = n / CLUSTERS;
    try (Database db = Database.open(new StoreConfig(url, user, password))) {
      long t0 = System.nanoTime();
      load(db, n, postgres);
      System.out.printf(
          "loaded %d objects (%d names x %d clusters) in %.1f s%n",
          n, names, CLUSTERS, (System.nanoTime() - t0) / 1e9);
      Vertx vertx = Vertx.vertx();
      ChangeWriter writer =
          new ChangeWriter(
              db.dataSource(),
              new OpQueue(10, 1 << 20),
              10,
              new SimpleMeterRegistry(),
              WriteFence.NONE);
      writer.start();
      BodyCodec codec = new BodyCodec();
      var ds = db.dataSource();
      WebVerticle web =
          new WebVerticle(
              new HttpConfig("127.0.0.1", 0, List.of()),
              List.of(),
              new ApiQueries(
                  new StatusQueries(ds),
                  new InventoryQueries(ds, codec),
                  new HistoryQueries(ds, codec),
                  new ChangeQueries(ds),
                  new CountQueries(ds),
                  new JournalTail(writer),
                  writer.health(),
                  new StatusQueries(ds),
                  new StoreSize(ds, 0),
                  new SinkQueries(ds, List.of(), "bench", Clock.systemUTC()),
                  new DiffQueries(ds),
                  new RelationQueries(ds, codec),
                  new CompareQueries(ds, codec)),
              () -> "");
      vertx.deployVerticle(web).await(30, TimeUnit.SECONDS);
      try {
        Api api = new Api(web.port());
        Random random = new Random(7);
        check(api, "/api/v1/drift?" + id(0));
        JsonObject sample = new JsonObject(api.get("/api/v1/drift?" + id(0)).body());
        System.out.printf(
            "%n=== drift benchmark: %d objects, %s, %d clusters per name ===%n"
                + "a drift answer: %d clusters with a copy, %d missing, groups of %d and %d%n",
            n,
            postgres ? "PostgreSQL" : "H2",
            CLUSTERS,
            sample.getInteger("clusters"),
            sample.getJsonArray("missing").size(),
            sample.getJsonArray("groups").getJsonObject(0).getInteger("size"),
            sample.getJsonArray("groups").getJsonObject(1).getInteger("size"));
        double base =
            measure(
                api,
                "baseline: one object (/object)",
                i -> "/api/v1/object?cluster=c" + (i % CLUSTERS) + "&" + id(random.nextInt(names)));
        double compare =
            measure(
                api,
                "compare: two clusters' copies",
                i -> "/api/v1/compare?" + id(random.nextInt(names)) + "&left=c3&right=c97");
        double drift =
            measure(
                api,
                "drift: every cluster's copy (100)",
                i -> "/api/v1/drift?" + id(random.nextInt(names)));
        double withStatus =
            measure(
                api,
                "drift with status (ignoreStatus=false)",
                i -> "/api/v1/drift?" + id(random.nextInt(names)) + "&ignoreStatus=false");
        System.out.printf(
            "p95 against the one-object baseline: compare x%.1f, drift x%.1f, drift with status"
                + " x%.1f%n",
            compare / base, drift / base, withStatus / base);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
        writer.close();
      }
    }
  }

  private static String id(int name) {
    return "apiVersion=v1&kind=ConfigMap&namespace=ns-" + (name % 100) + "&name=settings-" + name;
  }

  /** Warms up, then times {@link #SAMPLES} requests; prints p50 and p95 and returns p95 (ms). */
  private static double measure(Api api, String what, IntFunction<String> query) {
    for (int i = 0; i < 20; i++) {
      check(api, query.apply(i));
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      long t0 = System.nanoTime();
      check(api, query.apply(i));
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    double p95 = ms.get((int) (ms.size() * 0.95));
    System.out.printf(
        "%-45s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms%n",
        what, ms.get(ms.size() / 2), p95, ms.get(ms.size() - 1));
    return p95;
  }

  private static void check(Api api, String query) {
    Api.Response r = api.get(query);
    if (r.status() != 200) {
      throw new IllegalStateException(query + " -> " + r.status() + " " + r.body());
    }
  }

  /** A ConfigMap of about 2 KB as a cluster stores it: bookkeeping, 20 data keys, a status. */
  private static byte[] body(String value) {
    JsonObject data = new JsonObject();
    for (int k = 0; k < 20; k++) {
      data.put("key-" + k, "value " + k + " " + "x".repeat(40));
    }
    data.put("colour", value);
    return new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "ConfigMap")
        .put(
            "metadata",
            new JsonObject()
                .put("name", "settings")
                .put("namespace", "ns")
                .put("uid", "2f1c9d1e-7a4b-4c55-9a55-2b8e1f0c0d11")
                .put("resourceVersion", "123456")
                .put("creationTimestamp", "2026-01-01T00:00:00Z")
                .put("labels", new JsonObject().put("app", "web").put("tier", "front"))
                .put(
                    "annotations",
                    new JsonObject()
                        .put("kubectl.kubernetes.io/last-applied-configuration", "{\"x\":1}")))
        .put("data", data)
        .put("status", new JsonObject().put("observed", value))
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Loads the objects with set-based SQL (H2's SYSTEM_RANGE or PostgreSQL's generate_series): row o
   * is ConfigMap settings-(o / 100) in cluster c(o mod 100); clusters c0..c9 hold the other value.
   * The name index is built after the rows; five more clusters are known without copies.
   */
  private static void load(Database db, int n, boolean postgres) throws Exception {
    BodyCodec codec = new BodyCodec();
    String range =
        postgres
            ? "(SELECT g AS o FROM generate_series(0, " + (n - 1) + ") g) r"
            : "(SELECT X AS o FROM SYSTEM_RANGE(0, " + (n - 1) + ")) r";
    String div = postgres ? "(o / " + CLUSTERS + ")" : "FLOOR(o / " + CLUSTERS + ")";
    OffsetDateTime at =
        OffsetDateTime.ofInstant(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (Connection c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      st.execute("DROP INDEX objects_by_name");
      st.execute("DROP INDEX objects_by_seq");
      st.execute("DROP INDEX objects_by_search_id");
      for (int cl = 0; cl < CLUSTERS + 5; cl++) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO clusters (name, state, updated_at) VALUES (?, 'watching', ?)")) {
          ps.setString(1, "c" + cl);
          ps.setObject(2, at);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO resource_types (cluster, api_group, resource, version, kind,"
                    + " namespaced, state, objects, updated_at)"
                    + " VALUES (?, '', 'configmaps', 'v1', 'ConfigMap', TRUE, 'watching', ?, ?)")) {
          ps.setString(1, "c" + cl);
          ps.setLong(2, cl < CLUSTERS ? n / CLUSTERS : 0);
          ps.setObject(3, at);
          ps.executeUpdate();
        }
      }
      for (boolean other : new boolean[] {true, false}) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                    + " uid, resource_version, labels, body, created_at, observed_at, deleted,"
                    + " list_generation, seq, search_id)"
                    + " SELECT 'c' || MOD(o, "
                    + CLUSTERS
                    + "), '', 'configmaps', 'ns-' || MOD("
                    + div
                    + ", 100), 'settings-' || "
                    + div
                    + ", 'v1', 'ConfigMap', 'u' || o, CAST(o + 1 AS VARCHAR), '{}',"
                    + " ?, ?, ?, FALSE, 1, o + 1, o + 1 FROM "
                    + range
                    + " WHERE MOD(o, "
                    + CLUSTERS
                    + ")"
                    + (other ? " < 10" : " >= 10"))) {
          ps.setBytes(1, codec.encode(body(other ? "green" : "blue")));
          ps.setObject(2, at);
          ps.setObject(3, at);
          ps.executeUpdate();
        }
      }
      st.execute("CREATE INDEX objects_by_name ON objects (name)");
      st.execute("CREATE INDEX objects_by_seq ON objects (seq)");
      st.execute("CREATE INDEX objects_by_search_id ON objects (search_id)");
      if (postgres) {
        st.execute("ANALYZE");
      }
    }
  }
}
