package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects stored before the search column existed get their search text from migration 4, once, on
 * the first start after the upgrade, and q= finds them. A subclass can run it on PostgreSQL.
 */
public class FillSearchTextTest {

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void rowsFromBeforeTheColumnAreFilledOnceAndFound() throws Exception {
    StoreConfig store = store();
    // As an aggregator of schema version 2 left the store: no search column yet.
    Flyway.configure()
        .dataSource(store.url(), store.user(), store.password())
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    try (Connection c = connect(store)) {
      insert(c, "shop", "cart", "{\"team\":\"Payments\"}");
      insert(c, "misc", "broken", "{\"team\":");
    }
    try (Database db = Database.open(store)) {
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), new BodyCodec());
      for (String q : List.of("car", "SHO", "paym")) {
        assertEquals(
            List.of("cart"), search(inventory, q), "q=" + q + " by name, namespace or label");
      }
      assertEquals(
          List.of("broken"), search(inventory, "broke"), "labels that are not JSON: by name");
      assertEquals(List.of(), search(inventory, "x%"), "q=x% matches no object");
    }
    List<MigrationInfo> fills =
        Arrays.stream(
                Flyway.configure()
                    .dataSource(store.url(), store.user(), store.password())
                    .locations("classpath:db/migration")
                    .javaMigrations(new FillSearchText())
                    .load()
                    .info()
                    .applied())
            .filter(m -> m.getVersion().getVersion().equals("4"))
            .toList();
    assertEquals(1, fills.size(), "migration 4 is applied once");

    // A second start runs no scan: a row without search text (which no writer stores) stays so.
    try (Connection c = connect(store)) {
      insert(c, "misc", "later", "{}");
    }
    try (Database db = Database.open(store);
        Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT search_text FROM objects WHERE name = 'later'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertNull(rs.getString(1), "the fill ran as a migration, not at every start");
    }
  }

  private static Connection connect(StoreConfig store) throws Exception {
    return java.sql.DriverManager.getConnection(store.url(), store.user(), store.password());
  }

  private static void insert(Connection c, String namespace, String name, String labels)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                + " uid, resource_version, labels, body, observed_at, deleted, seq)"
                + " VALUES ('c', '', 'configmaps', ?, ?, 'v1', 'ConfigMap', ?, '1', ?, ?,"
                + " CURRENT_TIMESTAMP, FALSE, 1)")) {
      ps.setString(1, namespace);
      ps.setString(2, name);
      ps.setString(3, "uid-" + name);
      ps.setString(4, labels);
      ps.setBytes(5, new byte[] {0});
      ps.executeUpdate();
    }
  }

  private static List<String> search(InventoryQueries inventory, String q) {
    return inventory
        .list(
            new ObjectQuery(
                List.of(), null, null, null, null, null, null, List.of(), q, false, false, 100,
                null, null, null))
        .items()
        .stream()
        .map(ObjectSummary::name)
        .toList();
  }
}
