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
import io.allkinds.store.TypeHash;
import io.allkinds.testing.Api;
import io.allkinds.testing.Postgres;
import io.allkinds.web.ApiQueries;
import io.allkinds.web.WebVerticle;
import io.vertx.core.Vertx;
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
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query latency at scale: loads N objects (10 clusters x 10 kinds x 100 namespaces, two labels
 * each) and 5 N journal entries straight into H2, then times the HTTP API: a filtered inventory
 * page (cluster + kind + label selector), a name search, one object's history, an asOf page, the
 * Kubernetes API's list of one namespace as of an instant (JSON and Table) and a changes page,
 * printing p50 and p95 of each. Run: {@code mvn -pl aggregator test -Dtest=QueryBenchmark
 * -Dbench.query=1000000}.
 */
@EnabledIfSystemProperty(
    named = "bench.query",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.query=N")
class QueryBenchmark {

  private static final String[] KINDS = {
    "ConfigMap",
    "Secret",
    "Service",
    "Pod",
    "Deployment",
    "ReplicaSet",
    "Certificate",
    "AppProject",
    "ServiceMonitor",
    "Ingress"
  };
  private static final int VERSIONS = 5;

  /** The Accept header of kubectl get, which asks for a Table. */
  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,"
          + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  @TempDir Path tmp;

  @Test
  void latencies() throws Exception {
    if (Boolean.getBoolean("bench.postgres")) {
      // A PostgreSQL server of the tests' own, for this run only.
      try (Postgres pg = Postgres.start()) {
        latencies(pg.createDatabase("bench"), pg.user(), pg.password());
      }
    } else {
      latencies(
          System.getProperty("bench.url", "jdbc:h2:file:" + tmp.resolve("db/allkinds")),
          System.getProperty("bench.user"),
          System.getProperty("bench.password"));
    }
  }

  private void latencies(String url, String user, String password) throws Exception {
    int n = Integer.getInteger("bench.query");
    try (Database db = Database.open(new StoreConfig(url, user, password))) {
      long t0 = System.nanoTime();
      Instant start = load(db, n, url.startsWith("jdbc:postgresql:"));
      System.out.printf(
          "loaded %d objects and %d journal entries in %.1f s%n",
          n, (long) n * VERSIONS, (System.nanoTime() - t0) / 1e9);
      if (url.startsWith("jdbc:postgresql:")) {
        try (var c = db.dataSource().getConnection();
            var st = c.createStatement();
            var rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
          rs.next();
          System.out.printf("PostgreSQL database: %.0f MB%n", rs.getLong(1) / 1e6);
        }
      }
      if (url.startsWith("jdbc:h2:file:")) {
        System.out.printf("H2 file: %.0f MB%n", db.sizeBytes() / 1e6);
      }
      Vertx vertx = Vertx.vertx();
      ChangeWriter writer =
          new ChangeWriter(
              db.dataSource(),
              new OpQueue(10, 1 << 20),
              10,
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
              io.allkinds.store.WriteFence.NONE);
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
        Instant mid = start.plusSeconds((long) n * VERSIONS / 2 / 1000);
        System.out.printf(
            "%n=== query benchmark: %d objects, %d journal entries ===%n", n, (long) n * VERSIONS);
        measure(
            api,
            "inventory page: cluster + kind + label selector",
            i ->
                "/api/v1/objects?cluster=c"
                    + (i % 10)
                    + "&kind="
                    + KINDS[i % KINDS.length]
                    + "&labelSelector=app%3Dapp-"
                    + random.nextInt(50)
                    + "&limit=100");
        measure(
            api,
            "inventory page: cluster + kind + namespace",
            i ->
                "/api/v1/objects?cluster=c"
                    + (i % 10)
                    + "&kind="
                    + KINDS[i % KINDS.length]
                    + "&namespace=ns-"
                    + random.nextInt(100)
                    + "&limit=100");
        // A substring search is answered from a trigram index: PostgreSQL's pg_trgm, H2's
        // object_grams. -Dbench.textSamples=5 for a store without one (it scans every object).
        int textSamples = Integer.getInteger("bench.textSamples", 200);
        measure(
            api,
            "name search (q= substring, no match)",
            i -> "/api/v1/objects?q=obj-" + random.nextInt(n) + "x&limit=100",
            textSamples);
        measure(
            api,
            "name search (q= substring of 1-111 names)",
            i -> "/api/v1/objects?q=obj-" + random.nextInt(n) + "&limit=100",
            textSamples);
        measure(
            api,
            "q= common substring (a fifth of all objects)",
            i -> "/api/v1/objects?q=app-1&limit=100",
            textSamples);
        measure(
            api,
            "name search (name= exact, one kind)",
            i ->
                "/api/v1/objects?kind="
                    + KINDS[i % KINDS.length]
                    + "&name=obj-"
                    + random.nextInt(n)
                    + "&limit=100");
        measure(
            api,
            "one object's history",
            i -> {
              int o = random.nextInt(n);
              return "/api/v1/history?cluster=c"
                  + (o % 10)
                  + "&apiVersion=v1&kind="
                  + KINDS[(o / 10) % KINDS.length]
                  + "&namespace=ns-"
                  + (o / 100) % 100
                  + "&name=obj-"
                  + o;
            });
        measure(
            api,
            "asOf page (cluster + kind + namespace)",
            i ->
                "/api/v1/objects?cluster=c"
                    + (i % 10)
                    + "&kind="
                    + KINDS[i % KINDS.length]
                    + "&namespace=ns-"
                    + random.nextInt(100)
                    + "&limit=100&asOf="
                    + mid);
        // The Kubernetes API over the store as the cluster stood at an instant: one namespace's
        // ConfigMaps (n / 10,000 of them), as kubectl -o json and kubectl get (a Table) ask.
        IntFunction<String> kubeAsOf =
            i ->
                "/k8s/clusters/c"
                    + (i % 10)
                    + "/at/"
                    + mid
                    + "/api/v1/namespaces/ns-"
                    + random.nextInt(100)
                    + "/configmaps";
        System.out.printf(
            "(a kube as-of namespace list holds %d ConfigMaps)%n",
            api.get(kubeAsOf.apply(0)).json().getJsonArray("items").size());
        measure(api, "kube API as-of namespace list (JSON)", kubeAsOf, 200, null);
        measure(
            api,
            "kube API as-of namespace list (Table, limit=500)",
            i -> kubeAsOf.apply(i) + "?limit=500",
            200,
            TABLE);
        measure(
            api,
            "changes page (after a random seq)",
            i -> "/api/v1/changes?limit=100&after=" + random.nextInt(n * VERSIONS));
        measure(
            api,
            "changes page (cluster + kind, since a time)",
            i ->
                "/api/v1/changes?limit=100&cluster=c"
                    + (i % 10)
                    + "&kind="
                    + KINDS[i % KINDS.length]
                    + "&since="
                    + mid);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
        writer.close();
      }
    }
  }

  private static void measure(Api api, String what, IntFunction<String> query) {
    measure(api, what, query, 200);
  }

  private static void measure(Api api, String what, IntFunction<String> query, int samples) {
    measure(api, what, query, samples, null);
  }

  /** p50 and p95 of {@code samples} GETs with this Accept header (none when null). */
  private static void measure(
      Api api, String what, IntFunction<String> query, int samples, String accept) {
    for (int i = 0; i < Math.min(20, samples / 5); i++) {
      check(api, query.apply(i), accept);
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      check(api, query.apply(i), accept);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf(
        "%-50s p50 %7.1f ms   p95 %7.1f ms%n",
        what, ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.95)));
  }

  private static void check(Api api, String query, String accept) {
    Api.Response r = api.get(query, accept);
    if (r.status() == 503) {
      System.out.println("  (cancelled as too slow: " + query + ")");
      return;
    }
    if (r.status() != 200) {
      throw new IllegalStateException(query + " -> " + r.status() + " " + r.body());
    }
  }

  /**
   * Loads the objects and their journal with set-based SQL (H2's SYSTEM_RANGE or PostgreSQL's
   * generate_series), building the secondary indexes after the rows, as a bulk loader would; the
   * schema ends up exactly as the migrations define it. Every body is one small valid object.
   * Returns the first entry's time.
   */
  private static Instant load(Database db, int n, boolean postgres) throws Exception {
    Loader sql = new Loader(postgres);
    BodyCodec codec = new BodyCodec();
    byte[] body =
        codec.encode(
            ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"obj\","
                    + "\"namespace\":\"ns\",\"labels\":{\"app\":\"app-1\",\"tier\":\"web\"}},\"data\":{\"v\":\"1\"}}")
                .getBytes(StandardCharsets.UTF_8));
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    String kindCase = "CASE MOD(" + sql.div("o", 10) + ", 10)";
    for (int k = 0; k < KINDS.length; k++) {
      kindCase += " WHEN " + k + " THEN '" + KINDS[k] + "'";
    }
    kindCase += " END";
    // The hash of each object's cluster and type, as the writer stores it with its labels.
    String typeHashCase = "CASE MOD(o, 10) * 10 + MOD(" + sql.div("o", 10) + ", 10)";
    for (int cl = 0; cl < 10; cl++) {
      for (int k = 0; k < KINDS.length; k++) {
        typeHashCase +=
            " WHEN "
                + (cl * 10 + k)
                + " THEN "
                + TypeHash.of("c" + cl, "", KINDS[k].toLowerCase(Locale.ROOT) + "s");
      }
    }
    typeHashCase += " END";
    String cols =
        "'c' || MOD(o, 10) AS cluster, LOWER("
            + kindCase
            + ") || 's' AS resource, 'ns-' || MOD("
            + sql.div("o", 100)
            + ", 100)"
            + " AS namespace, 'obj-' || o AS name, "
            + kindCase
            + " AS kind, 'u' || o AS uid";
    try (Connection c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      st.execute("DROP INDEX journal_by_object");
      st.execute("DROP INDEX journal_by_uid");
      st.execute("DROP INDEX object_labels_by_label");
      st.execute("DROP INDEX objects_by_name");
      st.execute("DROP INDEX objects_by_seq");
      st.execute("DROP INDEX objects_by_search_id");
      if (postgres) {
        st.execute("DROP INDEX objects_by_search_text");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO resource_types (cluster, api_group, resource, version,"
                  + " kind, namespaced, state, objects, updated_at) SELECT DISTINCT 'c' || MOD(o, 10), '', LOWER("
                  + kindCase
                  + ") || 's', 'v1', "
                  + kindCase
                  + ", TRUE, 'watching', "
                  + (n / 100)
                  + ", CURRENT_TIMESTAMP FROM "
                  + sql.range("o", 0, 99))) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO journal (seq, cluster, api_group, resource, namespace,"
                  + " name, version, kind, uid, event_type, resource_version, observed_at, body) SELECT seq, cluster, '',"
                  + " resource, namespace, name, 'v1', kind, uid, CASE WHEN seq <= "
                  + n
                  + " THEN 'ADDED' ELSE 'MODIFIED' END,"
                  + " CAST(seq AS VARCHAR), "
                  + sql.plusMillis("seq", "CAST(? AS TIMESTAMP WITH TIME ZONE)")
                  + ", ? FROM (SELECT seq, "
                  + cols
                  + " FROM (SELECT seq, MOD(seq - 1, "
                  + n
                  + ") AS o FROM "
                  + sql.range("seq", 1, (long) n * VERSIONS)
                  + ") t1) t2")) {
        ps.setObject(1, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
        ps.setBytes(2, body);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO objects (cluster, api_group, resource, namespace,"
                  + " name, version, kind, uid, resource_version, labels, body, created_at, observed_at, deleted,"
                  + " list_generation, seq, search_id, search_text) SELECT cluster, '', resource, namespace, name, 'v1', kind, uid,"
                  + " CAST(o + 1 + "
                  + (long) n * (VERSIONS - 1)
                  + " AS VARCHAR), '{\"app\":\"app-' || MOD(o, 50) || '\"}', ?,"
                  + " ?, ?, FALSE, 1, o + 1 + "
                  + (long) n * (VERSIONS - 1)
                  + ", o + 1 + "
                  + (long) n * (VERSIONS - 1)
                  + ", name || CHR(10) || namespace || CHR(10)"
                  + " || 'app-' || MOD(o, 50) || CHR(10) || CASE MOD(o, 3) WHEN 0 THEN 'web' WHEN 1 THEN 'api' ELSE 'db' END"
                  + " FROM (SELECT o, "
                  + cols
                  + " FROM "
                  + sql.range("o", 0, n - 1)
                  + ") t2")) {
        ps.setBytes(1, body);
        ps.setObject(2, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
        ps.setObject(
            3, OffsetDateTime.ofInstant(start.plusMillis((long) n * VERSIONS), ZoneOffset.UTC));
        ps.executeUpdate();
      }
      // Two labels per object: app (50 values) and tier (3).
      for (String label :
          List.of(
              "'app', 'app-' || MOD(o, 50)",
              "'tier', CASE MOD(o, 3) WHEN 0 THEN 'web' WHEN 1 THEN 'api' ELSE 'db' END")) {
        st.execute(
            "INSERT INTO object_labels (search_id, type_hash, label_key, label_value)"
                + " SELECT o + 1 + "
                + (long) n * (VERSIONS - 1)
                + ", "
                + typeHashCase
                + ", "
                + label
                + " FROM "
                + sql.range("o", 0, n - 1));
      }
      st.execute(
          "CREATE INDEX journal_by_object ON journal (cluster, api_group, resource, namespace, name, seq)");
      st.execute("CREATE INDEX journal_by_uid ON journal (uid, seq)");
      st.execute(
          "CREATE INDEX object_labels_by_label ON object_labels (label_key, label_value, type_hash,"
              + " search_id)");
      st.execute("CREATE INDEX objects_by_name ON objects (name)");
      st.execute("CREATE INDEX objects_by_seq ON objects (seq)");
      st.execute("CREATE INDEX objects_by_search_id ON objects (search_id)");
      if (postgres) {
        st.execute(
            "CREATE INDEX objects_by_search_text ON objects USING gin (search_text gin_trgm_ops)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE journal_head SET next_seq = ?, last_observed_at = ?")) {
        ps.setLong(1, (long) n * VERSIONS + 1);
        ps.setObject(
            2, OffsetDateTime.ofInstant(start.plusMillis((long) n * VERSIONS), ZoneOffset.UTC));
        ps.executeUpdate();
      }
      if (postgres) {
        st.execute("ANALYZE"); // what autovacuum would do soon after a bulk load
      }
    }
    long t0 = System.nanoTime();
    long indexed = db.indexSearchText(); // H2's q= index, which the writer would have kept
    if (indexed > 0) {
      System.out.printf(
          "indexed the search text of %d objects in %.1f s%n",
          indexed, (System.nanoTime() - t0) / 1e9);
    }
    return start;
  }

  /** The few places where set-based loading differs between H2 and PostgreSQL. */
  private record Loader(boolean postgres) {

    /** The integers lo..hi as a derived table with one column named {@code col}. */
    String range(String col, long lo, long hi) {
      return postgres
          ? "(SELECT g AS " + col + " FROM generate_series(" + lo + ", " + hi + ") g) r"
          : "(SELECT X AS " + col + " FROM SYSTEM_RANGE(" + lo + ", " + hi + ")) r";
    }

    /** Integer division of a non-negative column. */
    String div(String col, int by) {
      return postgres ? "(" + col + " / " + by + ")" : "FLOOR(" + col + " / " + by + ")";
    }

    /** {@code time} plus {@code col} milliseconds. */
    String plusMillis(String col, String time) {
      return postgres
          ? time + " + " + col + " * INTERVAL '1 millisecond'"
          : "DATEADD(MILLISECOND, " + col + ", " + time + ")";
    }
  }
}
