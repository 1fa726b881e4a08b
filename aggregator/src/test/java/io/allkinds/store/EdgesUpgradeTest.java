package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ResourceType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written under schema version 9 (a row per edge in {@code object_edges}) keeps every
 * relationship through migration 10 (a set per object and starting entry, a row per target): the
 * same edges are read live and as of an earlier entry, and the old table is gone; through migration
 * 12 every set gets the source key it is found and ended by. A subclass can run it on PostgreSQL.
 */
public class EdgesUpgradeTest {

  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);
  private static final ObjectKey WEB_1 = new ObjectKey("c", "", "pods", "shop", "web-1");
  private static final ObjectKey WEB_2 = new ObjectKey("c", "", "pods", "shop", "web-2");

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void edgesStoredUnderVersion9AreReadAsSetsAfterTheUpgrade() throws Exception {
    StoreConfig store = store();
    OlderSchema.migrate(store, "9");
    try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password())) {
      // web-1 moved from ReplicaSet web-a to web-b at entry 3 and got a node; web-2 came at 4.
      edge(c, WEB_1, "owner", "apps", "ReplicaSet", "shop", "web-a", "rs-a", 1, 3L);
      edge(c, WEB_1, "config_map", "", "ConfigMap", "shop", "cfg", null, 1, 3L);
      edge(c, WEB_1, "owner", "apps", "ReplicaSet", "shop", "web-b", "rs-b", 3, null);
      edge(c, WEB_1, "config_map", "", "ConfigMap", "shop", "cfg", null, 3, null);
      edge(c, WEB_1, "node", "", "Node", "", "n1", null, 3, null);
      edge(c, WEB_2, "owner", "apps", "ReplicaSet", "shop", "web-b", "rs-b", 4, null);
    }
    try (Database db = Database.open(store);
        Connection c = db.dataSource().getConnection()) {
      RelationEdges live = new RelationEdges(c, 0);
      assertEquals(List.of("owner apps/ReplicaSet web-b rs-b"), edges(live.from(WEB_1, true)));
      assertEquals(
          List.of("config_map /ConfigMap cfg ", "node /Node n1 "), edges(live.from(WEB_1, false)));
      assertEquals(
          List.of("web-1", "web-2"),
          sources(live.to("c", "apps", "ReplicaSet", "shop", List.of("web-b"), true, 10)),
          "the dependents of web-b");
      assertEquals(
          List.of(),
          sources(live.to("c", "apps", "ReplicaSet", "shop", List.of("web-a"), true, 10)));
      assertEquals(
          List.of("web-1"),
          sources(live.to("c", "", "ConfigMap", "shop", List.of("cfg"), false, 10)),
          "who mounts cfg");
      assertEquals(
          List.of(),
          sources(live.to("c", "", "ConfigMap", "shop", List.of("cfg"), true, 10)),
          "nothing is owned by cfg");

      RelationEdges before = new RelationEdges(c, 2);
      assertEquals(List.of("owner apps/ReplicaSet web-a rs-a"), edges(before.from(WEB_1, true)));
      assertEquals(List.of("config_map /ConfigMap cfg "), edges(before.from(WEB_1, false)));
      assertEquals(
          List.of("web-1"),
          sources(before.to("c", "apps", "ReplicaSet", "shop", List.of("web-a"), true, 10)),
          "as of entry 2, web-a still owned web-1");

      assertEquals(3, count(c, "object_edge_sets"), "one set per object and starting entry");
      assertEquals(
          0,
          count(c, "object_edge_targets"),
          "no set names more than two owners or nodes; a ConfigMap is found from its namespace");
      assertThrows(SQLException.class, () -> count(c, "object_edges"), "the old table is gone");

      // Version 12: every set got its source key, by which the writer ends a live set.
      try (Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT cluster, api_group, resource, namespace, name, source_key"
                      + " FROM object_edge_sets")) {
        while (rs.next()) {
          assertEquals(EdgeSourceKey.of(Rows.key(rs)), rs.getLong(6), "the key of its source");
        }
      }
      ObjectRef web1 = new ObjectRef(new TypeKey("c", PODS), "shop", "web-1");
      BatchStatements statements = new BatchStatements(c);
      new EdgeRows(statements).end(web1, 10, BatchStatements.Run.NOW);
      statements.close();
      assertEquals(List.of(), new RelationEdges(c, 0).from(WEB_1, true), "web-1's set ended");
      assertEquals(
          List.of("owner apps/ReplicaSet web-b rs-b"),
          edges(new RelationEdges(c, 9).from(WEB_1, true)),
          "and still held before entry 10");
      assertEquals(
          List.of("owner apps/ReplicaSet web-b rs-b"),
          edges(new RelationEdges(c, 0).from(WEB_2, true)),
          "web-2's set, in the same namespace, holds");
    }
  }

  private static List<String> edges(List<RelationEdges.Edge> edges) {
    List<String> out = new ArrayList<>();
    for (RelationEdges.Edge e : edges) {
      out.add(e.relation() + " " + e.group() + "/" + e.kind() + " " + e.name() + " " + e.uid());
    }
    return out;
  }

  private static List<String> sources(List<RelationEdges.Edge> edges) {
    return edges.stream().map(e -> e.source().name()).sorted().toList();
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** One edge as the version 9 writer stored it. */
  private static void edge(
      Connection c,
      ObjectKey source,
      String relation,
      String group,
      String kind,
      String namespace,
      String name,
      String uid,
      long fromSeq,
      Long toSeq)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO object_edges (cluster, api_group, resource, namespace, name, relation,"
                + " target_group, target_kind, target_namespace, target_name, target_uid,"
                + " from_seq, to_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = ObjectKeySql.bind(ps, 1, source);
      ps.setString(i++, relation);
      ps.setString(i++, group);
      ps.setString(i++, kind);
      ps.setString(i++, namespace);
      ps.setString(i++, name);
      ps.setString(i++, uid);
      ps.setLong(i++, fromSeq);
      if (toSeq == null) {
        ps.setNull(i, Types.BIGINT);
      } else {
        ps.setLong(i, toSeq);
      }
      ps.executeUpdate();
    }
  }
}
