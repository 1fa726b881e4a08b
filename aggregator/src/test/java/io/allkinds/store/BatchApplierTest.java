package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One batch holding several changes of the same objects, applied in one transaction on a real H2
 * file.
 */
class BatchApplierTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();

  private ObservedObject obj(String name, String rv, String app) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        "uid-" + name,
        rv,
        Map.of("app", app),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static StoreOp event(EventType type, ObservedObject o) {
    return new StoreOp.WatchEvent("c", CM, type, o);
  }

  @Test
  void repeatedChangesOfOneObjectInOneBatchAreAllJournaledInOrderAndTheLastOneWins()
      throws Exception {
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
        Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BatchApplier applier =
          new BatchApplier(c, 1, Instant.parse("2026-01-02T00:00:00Z"), new FreshLists());
      for (StoreOp op :
          List.of(
              event(EventType.ADDED, obj("a", "10", "x")),
              event(EventType.ADDED, obj("b", "11", "x")),
              event(EventType.MODIFIED, obj("a", "12", "y")),
              event(EventType.MODIFIED, obj("a", "13", "z")),
              event(EventType.DELETED, obj("b", "14", "x")),
              event(
                  EventType.MODIFIED,
                  obj("a", "12", "y")))) { // a replay of an older version: not journaled
        applier.apply(op);
      }
      applier.finish();
      applier.close();
      c.commit();
      try (Statement st = c.createStatement()) {
        List<String> journal = new ArrayList<>();
        try (ResultSet rs =
            st.executeQuery(
                "SELECT seq, name, event_type, resource_version FROM journal ORDER BY seq")) {
          while (rs.next()) {
            journal.add(
                rs.getLong(1)
                    + " "
                    + rs.getString(2)
                    + " "
                    + rs.getString(3)
                    + "@"
                    + rs.getString(4));
          }
        }
        assertEquals(
            List.of(
                "1 a ADDED@10",
                "2 b ADDED@11",
                "3 a MODIFIED@12",
                "4 a MODIFIED@13",
                "5 b DELETED@14"),
            journal);
        try (ResultSet rs =
            st.executeQuery(
                "SELECT name, resource_version, deleted, labels FROM objects ORDER BY name")) {
          assertTrue(rs.next());
          assertEquals(
              "a 13 false {\"app\":\"z\"}",
              rs.getString(1)
                  + " "
                  + rs.getString(2)
                  + " "
                  + rs.getBoolean(3)
                  + " "
                  + rs.getString(4));
          assertTrue(rs.next());
          assertEquals(
              "b 14 true", rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
          assertFalse(rs.next());
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT o.name, l.label_key, l.label_value FROM object_labels l"
                    + " JOIN objects o ON o.search_id = l.search_id ORDER BY o.name")) {
          List<String> labels = new ArrayList<>();
          while (rs.next()) {
            labels.add(rs.getString(1) + " " + rs.getString(2) + "=" + rs.getString(3));
          }
          assertEquals(
              List.of("a app=z", "b app=x"), labels, "one label row per key, the newest value");
        }
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM object_labels")) {
          assertTrue(rs.next());
          assertEquals(2, rs.getLong(1), "replaced labels leave no rows behind");
        }
      }
    }
  }
}
