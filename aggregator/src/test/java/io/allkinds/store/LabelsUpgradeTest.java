package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelRequirement.Operator;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written under schema version 6 (label rows keyed by the object's five key columns) keeps
 * every label through migration 7 (label rows keyed by the object's search id): selectors find the
 * same objects, deleted ones included, and the writer replaces migrated labels without leaving rows
 * behind. A subclass can run it on PostgreSQL.
 */
public class LabelsUpgradeTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void labelsStoredUnderVersion6StayQueryableAfterTheUpgrade() throws Exception {
    StoreConfig store = store();
    OlderSchema.migrate(store, OlderSchema.postgres(store) ? "5" : "6"); // 6 is H2's own
    try (Connection c = connect(store)) {
      insert(c, "web", 11, false, Map.of("app", "shop", "tier", "front"));
      insert(c, "api", 12, false, Map.of("app", "shop", "tier", "back"));
      insert(c, "db", 13, false, Map.of("app", "store"));
      insert(c, "plain", 14, false, Map.of());
      insert(c, "old", 15, true, Map.of("app", "shop", "tier", "front"));
    }
    try (Database db = Database.open(store)) {
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), new BodyCodec());
      assertEquals(
          List.of("api", "web"), names(inventory, false, req("app", Operator.EQUALS, "shop")));
      assertEquals(
          List.of("api", "old", "web"),
          names(inventory, true, req("app", Operator.EQUALS, "shop")),
          "a deleted object keeps its labels");
      assertEquals(
          List.of("db", "plain"), names(inventory, false, req("app", Operator.NOT_EQUALS, "shop")));
      assertEquals(
          List.of("api", "db", "web"),
          names(inventory, false, req("app", Operator.IN, "shop", "store")));
      assertEquals(
          List.of("api", "db", "plain"),
          names(inventory, false, req("tier", Operator.NOT_IN, "front")),
          "an object without the label is not in any of its values");
      assertEquals(List.of("api", "web"), names(inventory, false, req("tier", Operator.EXISTS)));
      assertEquals(
          List.of("db", "plain"), names(inventory, false, req("tier", Operator.DOES_NOT_EXIST)));
      assertEquals(
          List.of("web"),
          names(
              inventory,
              false,
              req("app", Operator.EQUALS, "shop"),
              req("tier", Operator.IN, "front", "edge")),
          "two requirements, one driving the query");
      assertEquals(
          List.of("api", "web"),
          names(inventory, List.of("c"), "configmaps", req("app", Operator.EQUALS, "shop")),
          "within one cluster and type: the migrated rows carry the writer's type hash");
      assertEquals(
          List.of(),
          names(inventory, List.of("other"), "configmaps", req("app", Operator.EQUALS, "shop")),
          "and another cluster has none of them");
      assertEquals(7, labelRows(db), "every label row was carried over");

      // The writer replaces the labels of a migrated row by its search id.
      OneBatch.apply(
          db.dataSource(),
          100,
          new StoreOp.WatchEvent(
              "c",
              CM,
              EventType.MODIFIED,
              new ObservedObject(
                  "ns",
                  "web",
                  "uid-web",
                  "2",
                  Map.of("app", "cart"),
                  null,
                  new BodyCodec().encode("{}".getBytes(StandardCharsets.UTF_8)))));
      assertEquals(List.of("web"), names(inventory, false, req("app", Operator.EQUALS, "cart")));
      assertEquals(List.of("api"), names(inventory, false, req("app", Operator.EQUALS, "shop")));
      assertEquals(
          List.of("api", "db", "plain", "web"),
          names(inventory, false, req("tier", Operator.NOT_IN, "front")),
          "an object without the label is not in any of its values");
      assertEquals(6, labelRows(db), "the two old label rows went, the new one came");
    }
  }

  private static LabelRequirement req(String key, Operator op, String... values) {
    return new LabelRequirement(key, op, List.of(values));
  }

  private static List<String> names(
      InventoryQueries inventory, boolean includeDeleted, LabelRequirement... selector) {
    return names(inventory, List.of(), null, includeDeleted, selector);
  }

  private static List<String> names(
      InventoryQueries inventory,
      List<String> clusters,
      String resource,
      LabelRequirement... selector) {
    return names(inventory, clusters, resource, false, selector);
  }

  private static List<String> names(
      InventoryQueries inventory,
      List<String> clusters,
      String resource,
      boolean includeDeleted,
      LabelRequirement... selector) {
    return inventory
        .list(
            new ObjectQuery(
                clusters,
                resource == null ? null : "",
                null,
                null,
                resource,
                null,
                null,
                List.of(selector),
                null,
                includeDeleted,
                false,
                100,
                null,
                null,
                null))
        .items()
        .stream()
        .map(ObjectSummary::name)
        .sorted()
        .toList();
  }

  private static Connection connect(StoreConfig store) throws Exception {
    return DriverManager.getConnection(store.url(), store.user(), store.password());
  }

  /** One object and its label rows as the version 6 writer stored them. */
  private static void insert(
      Connection c, String name, long seq, boolean deleted, Map<String, String> labels)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                + " uid, resource_version, labels, body, observed_at, deleted, seq, search_text,"
                + " search_id) VALUES ('c', '', 'configmaps', 'ns', ?, 'v1', 'ConfigMap', ?, '1',"
                + " ?, ?, CURRENT_TIMESTAMP, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, "uid-" + name);
      ps.setString(3, new LabelRows(null).json(labels));
      ps.setBytes(4, new byte[] {0});
      ps.setBoolean(5, deleted);
      ps.setLong(6, seq);
      ps.setString(7, SearchText.of(name, "ns", labels));
      ps.setLong(8, seq);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO object_labels (cluster, api_group, resource, namespace, name, label_key,"
                + " label_value) VALUES ('c', '', 'configmaps', 'ns', ?, ?, ?)")) {
      for (var e : labels.entrySet()) {
        ps.setString(1, name);
        ps.setString(2, e.getKey());
        ps.setString(3, e.getValue());
        ps.executeUpdate();
      }
    }
  }

  private static long labelRows(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM object_labels")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
