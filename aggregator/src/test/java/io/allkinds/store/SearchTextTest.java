package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * q= searches one column; rows stored before that column existed get it filled on the next start.
 */
class SearchTextTest {

  @TempDir Path dir;

  @Test
  void searchTextHoldsNameNamespaceAndLabelValuesOnePerLine() {
    assertEquals(
        "web-0\nshop\nfrontend", SearchText.of("Web-0", "shop", Map.of("tier", "FrontEnd")));
    assertEquals(
        "%50\\%\\_off%", SearchText.pattern("50%_OFF"), "LIKE wildcards in the text are literal");
  }

  @Test
  void rowsFromBeforeTheColumnAreFilledOnTheNextStartAndFound() throws Exception {
    StoreConfig store = new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
    try (Database db = Database.open(store);
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      // As an aggregator of schema version 2 left it: no search text.
      st.executeUpdate(
          "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind, uid,"
              + " resource_version, labels, body, observed_at, deleted, seq) VALUES ('c', '', 'configmaps', 'shop',"
              + " 'cart', 'v1', 'ConfigMap', 'u1', '1', '{\"team\":\"Payments\"}', X'00', CURRENT_TIMESTAMP, FALSE, 1)");
    }
    try (Database db = Database.open(store)) {
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), new BodyCodec());
      for (String q : List.of("car", "SHO", "paym")) {
        List<ObjectSummary> found =
            inventory
                .list(
                    new ObjectQuery(
                        List.of(), null, null, null, null, null, null, List.of(), q, false, false,
                        100, null, null, null))
                .items();
        assertEquals(
            1, found.size(), "q=" + q + " finds the object by name, namespace or label value");
      }
      assertTrue(
          inventory
              .list(
                  new ObjectQuery(
                      List.of(), null, null, null, null, null, null, List.of(), "x%", false, false,
                      100, null, null, null))
              .items()
              .isEmpty(),
          "q=x% matches no object");
    }
  }
}
