package io.allkinds.bench;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectName;
import io.allkinds.model.RelationQuery;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.Database;
import io.allkinds.store.RelationQueries;
import io.allkinds.store.TypeHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relations latency at scale on H2: loads about N objects as apps of 11 (a Deployment, two
 * ReplicaSets it owns, three Pods each on one of 50 nodes per cluster, a ConfigMap they mount, a
 * Service selecting them by label) over 10 clusters and 100 namespaces, with their journal entries,
 * edges and label rows, then times depth-3 neighbourhoods of random Deployments and Pods, live and
 * as of an instant, printing p50 and p95 against a baseline of one object read by primary key in
 * the same run. Run: {@code mvn -pl aggregator -am test -Dtest=RelationsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.relations=1000000}.
 */
@EnabledIfSystemProperty(
    named = "bench.relations",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.relations=N")
class RelationsBenchmark {

  private static final int PER_APP = 11;
  private static final int RUNS = 300;

  @TempDir Path tmp;

  private final BodyCodec codec = new BodyCodec();

  @Test
  void depthThreeNeighbourhoods() throws Exception {
    int n = Integer.parseInt(System.getProperty("bench.relations"));
    int apps = n / PER_APP;
    try (Database db =
        Database.open(new StoreConfig("jdbc:h2:file:" + tmp.resolve("store"), null, null))) {
      long t0 = System.nanoTime();
      Instant start = load(db, apps);
      System.out.printf(
          "loaded %d objects (%d apps) in %.1f s%n",
          apps * PER_APP, apps, (System.nanoTime() - t0) / 1e9);
      RelationQueries relations = new RelationQueries(db.dataSource(), codec);
      Random random = new Random(42);
      Instant asOf = start.plusMillis((long) apps * PER_APP + 500);
      explain(db);
      // Every kind of query first, so that the JIT has compiled all of them before any is timed.
      for (int i = 0; i < 400; i++) {
        int a = random.nextInt(apps);
        for (Instant at : new Instant[] {null, asOf}) {
          relations.graph(q("apps", "Deployment", a, "app-" + a, at));
          relations.graph(q("", "Pod", a, "app-" + a + "-2-1", at));
          relations.graph(q("", "Service", a, "app-" + a, at));
        }
        pk(db, a);
      }
      System.out.println("query                               nodes   p50 ms   p95 ms");
      time("one object by key (baseline)", random, apps, a -> pk(db, a));
      time(
          "Deployment depth 3 (live)",
          random,
          apps,
          a -> relations.graph(q("apps", "Deployment", a, "app-" + a, null)).nodes().size());
      time(
          "Pod depth 3 (live)",
          random,
          apps,
          a -> relations.graph(q("", "Pod", a, "app-" + a + "-1-0", null)).nodes().size());
      time(
          "Service depth 3 (live)",
          random,
          apps,
          a -> relations.graph(q("", "Service", a, "app-" + a, null)).nodes().size());
      time(
          "Deployment depth 3 (asOf)",
          random,
          apps,
          a -> relations.graph(q("apps", "Deployment", a, "app-" + a, asOf)).nodes().size());
      time(
          "Pod depth 3 (asOf)",
          random,
          apps,
          a -> relations.graph(q("", "Pod", a, "app-" + a + "-1-0", asOf)).nodes().size());
    }
  }

  /** Prints H2's plans of the statements a depth-3 query runs most. */
  private static void explain(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        var st = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT s.cluster, s.edges FROM object_edge_targets t JOIN object_edge_sets s ON"
                  + " s.from_seq = t.set_seq WHERE t.target_key IN (1, 2)"
                  + " AND COALESCE(s.to_seq, -1) = -1 ORDER BY t.target_key, t.set_seq",
              "SELECT edges FROM object_edge_sets WHERE source_key = 1 AND cluster = 'c1'"
                  + " AND api_group = '' AND resource = 'pods' AND namespace = 'ns-0'"
                  + " AND name = 'x' AND COALESCE(to_seq, -1) = -1",
              "SELECT s.cluster, s.edges FROM object_edge_targets t JOIN object_edge_sets s ON"
                  + " s.from_seq = t.set_seq WHERE t.target_key IN (1, 2) AND s.from_seq <= 5"
                  + " AND (s.to_seq IS NULL OR s.to_seq > 5) ORDER BY t.target_key, t.set_seq")) {
        try (var rs = st.executeQuery("EXPLAIN " + sql)) {
          rs.next();
          System.out.println(rs.getString(1).replace('\n', ' '));
        }
      }
    }
  }

  private static RelationQuery q(String group, String kind, int app, String name, Instant asOf) {
    return new RelationQuery(
        new ObjectName(cluster(app), group, "v1", kind, namespace(app), name), asOf, 3);
  }

  private static String cluster(int app) {
    return "c" + (app % 10);
  }

  private static String namespace(int app) {
    return "ns-" + (app / 10 % 100);
  }

  private static int pk(Database db, int app) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT body FROM objects WHERE cluster = ? AND api_group = 'apps' AND resource ="
                    + " 'deployments' AND namespace = ? AND name = ?")) {
      ps.setString(1, cluster(app));
      ps.setString(2, namespace(app));
      ps.setString(3, "app-" + app);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? 1 : 0;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void time(String what, Random random, int apps, IntUnaryOperator query) {
    for (int i = 0; i < 50; i++) {
      var unused = query.applyAsInt(random.nextInt(apps));
    }
    List<Long> nanos = new ArrayList<>();
    long nodes = 0;
    for (int i = 0; i < RUNS; i++) {
      int app = random.nextInt(apps);
      long t = System.nanoTime();
      nodes = query.applyAsInt(app);
      nanos.add(System.nanoTime() - t);
    }
    Collections.sort(nanos);
    System.out.printf(
        "%-35s %5d %8.2f %8.2f%n",
        what, nodes, nanos.get(RUNS / 2) / 1e6, nanos.get(RUNS * 95 / 100) / 1e6);
  }

  /** One app: what each of its objects is, by index 0..10. */
  private record Obj(
      String group, String resource, String kind, boolean namespaced, String name, String body) {}

  private static List<Obj> app(int a) {
    String p = "app-" + a;
    String pod =
        "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true}]},"
            + "\"metadata\":{\"labels\":{\"app\":\""
            + p
            + "\"}}}";
    String rs = "{\"spec\":{\"replicas\":3},\"status\":{\"readyReplicas\":3}}";
    List<Obj> out = new ArrayList<>();
    out.add(new Obj("apps", "deployments", "Deployment", true, p, rs));
    for (int r = 1; r <= 2; r++) {
      out.add(new Obj("apps", "replicasets", "ReplicaSet", true, p + "-" + r, rs));
      for (int x = 0; x < 3; x++) {
        out.add(new Obj("", "pods", "Pod", true, p + "-" + r + "-" + x, pod));
      }
    }
    out.add(new Obj("", "configmaps", "ConfigMap", true, p + "-cfg", "{}"));
    out.add(
        new Obj(
            "",
            "services",
            "Service",
            true,
            p,
            "{\"spec\":{\"selector\":{\"app\":\"" + p + "\"}}}"));
    return out;
  }

  private Instant load(Database db, int apps) throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement types =
          c.prepareStatement(
              "INSERT INTO resource_types (cluster, api_group, resource, version, kind, namespaced,"
                  + " state, objects, updated_at) VALUES (?, ?, ?, 'v1', ?, ?, 'watching', 0,"
                  + " CURRENT_TIMESTAMP)")) {
        for (int cl = 0; cl < 10; cl++) {
          for (Obj o : app(0)) {
            if (o.kind().equals("Pod") && !o.name().endsWith("-1-0")) {
              continue;
            }
            if (o.kind().equals("ReplicaSet") && !o.name().endsWith("-1")) {
              continue;
            }
            type(types, cl, o.group(), o.resource(), o.kind(), true);
          }
          type(types, cl, "", "nodes", "Node", false);
        }
        types.executeBatch();
      }
      c.commit();
      PreparedStatement objects =
          c.prepareStatement(
              "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                  + " uid, resource_version, labels, body, created_at, observed_at, deleted,"
                  + " list_generation, seq, search_id) VALUES (?, ?, ?, ?, ?, 'v1', ?, ?, ?, '{}',"
                  + " ?, ?, ?, FALSE, 1, ?, ?)");
      PreparedStatement journal =
          c.prepareStatement(
              "INSERT INTO journal (seq, cluster, api_group, resource, namespace, name, version,"
                  + " kind, uid, event_type, resource_version, observed_at, body) VALUES (?, ?, ?,"
                  + " ?, ?, ?, 'v1', ?, ?, 'ADDED', ?, ?, ?)");
      EdgeSetInserts edges = new EdgeSetInserts(c);
      PreparedStatement labels =
          c.prepareStatement(
              "INSERT INTO object_labels (search_id, type_hash, label_key, label_value) VALUES (?,"
                  + " ?, 'app', ?)");
      long seq = 0;
      int rows = 0;
      for (int cl = 0; cl < 10; cl++) {
        for (int node = 0; node < 50; node++) {
          seq++;
          String body = "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
          row(
              objects,
              journal,
              "c" + cl,
              "",
              "nodes",
              "",
              "node-" + node,
              "Node",
              body,
              seq,
              start);
        }
      }
      for (int a = 0; a < apps; a++) {
        String cl = cluster(a);
        String ns = namespace(a);
        for (Obj o : app(a)) {
          seq++;
          row(
              objects,
              journal,
              cl,
              o.group(),
              o.resource(),
              ns,
              o.name(),
              o.kind(),
              o.body(),
              seq,
              start);
          String name = o.name();
          List<ObjectEdge> stated = List.of();
          if (o.kind().equals("ReplicaSet")) {
            stated = List.of(edge(EdgeRelation.OWNER, "apps", "Deployment", ns, "app-" + a));
          } else if (o.kind().equals("Pod")) {
            String rs = name.substring(0, name.lastIndexOf('-'));
            stated =
                List.of(
                    edge(EdgeRelation.OWNER, "apps", "ReplicaSet", ns, rs),
                    edge(EdgeRelation.NODE, "", "Node", "", "node-" + (a % 50)),
                    edge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", ns, "app-" + a + "-cfg"));
            labels.setLong(1, seq);
            labels.setInt(2, TypeHash.of(cl, "", "pods"));
            labels.setString(3, "app-" + a);
            labels.addBatch();
          }
          edges.add(seq, cl, o.group(), o.resource(), ns, name, stated);
        }
        if (++rows % 500 == 0) {
          for (PreparedStatement ps : List.of(objects, journal, labels)) {
            ps.executeBatch();
          }
          edges.flush();
          c.commit();
        }
      }
      for (PreparedStatement ps : List.of(objects, journal, labels)) {
        ps.executeBatch();
        ps.close();
      }
      edges.flush();
      edges.close();
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE journal_head SET next_seq = ?, last_observed_at = ?")) {
        ps.setLong(1, seq + 1);
        ps.setObject(2, OffsetDateTime.ofInstant(start.plusMillis(seq), ZoneOffset.UTC));
        ps.executeUpdate();
      }
      c.commit();
    }
    return start;
  }

  private static void type(
      PreparedStatement ps, int cl, String group, String resource, String kind, boolean namespaced)
      throws Exception {
    ps.setString(1, "c" + cl);
    ps.setString(2, group);
    ps.setString(3, resource);
    ps.setString(4, kind);
    ps.setBoolean(5, namespaced);
    ps.addBatch();
  }

  private void row(
      PreparedStatement objects,
      PreparedStatement journal,
      String cluster,
      String group,
      String resource,
      String ns,
      String name,
      String kind,
      String body,
      long seq,
      Instant start)
      throws Exception {
    byte[] stored = codec.encode(body.getBytes(StandardCharsets.UTF_8));
    OffsetDateTime at = OffsetDateTime.ofInstant(start.plusMillis(seq), ZoneOffset.UTC);
    int i = 1;
    objects.setString(i++, cluster);
    objects.setString(i++, group);
    objects.setString(i++, resource);
    objects.setString(i++, ns);
    objects.setString(i++, name);
    objects.setString(i++, kind);
    objects.setString(i++, "u" + seq);
    objects.setString(i++, Long.toString(seq));
    objects.setBytes(i++, stored);
    objects.setObject(i++, at);
    objects.setObject(i++, at);
    objects.setLong(i++, seq);
    objects.setLong(i, seq);
    objects.addBatch();
    i = 1;
    journal.setLong(i++, seq);
    journal.setString(i++, cluster);
    journal.setString(i++, group);
    journal.setString(i++, resource);
    journal.setString(i++, ns);
    journal.setString(i++, name);
    journal.setString(i++, kind);
    journal.setString(i++, "u" + seq);
    journal.setString(i++, Long.toString(seq));
    journal.setObject(i++, at);
    journal.setBytes(i, stored);
    journal.addBatch();
  }

  private static ObjectEdge edge(
      EdgeRelation relation, String group, String kind, String namespace, String name) {
    return new ObjectEdge(relation, group, kind, namespace, name, "");
  }
}
