package io.allkinds.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.FieldManager;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.OldDigestText;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written under schema version 10 (an object's digest as text) keeps every digest through
 * migration 11 (digests written as UTF-8 bytes, beside the text): the writer compares the next
 * version of an object with the digest stored as text before the upgrade, then keeps the new one as
 * bytes and clears the text; a row stored without a digest stays without. A subclass can run it on
 * PostgreSQL.
 */
public class DigestUpgradeTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final FieldManager APPLIED =
      new FieldManager("kubectl-client-side-apply", "Update", "", "2026-12-01T01:00:00Z", "f1");
  private static final FieldManager EDITED =
      new FieldManager("kubectl-edit", "Update", "", "2026-12-01T02:00:00Z", "f2");

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void theWriterComparesWithADigestStoredAsTextBeforeTheUpgrade() throws Exception {
    StoreConfig store = store();
    OlderSchema.migrate(store, "10.2");
    ObjectDigest stored =
        ObjectDigest.of(
            Map.of("/data/x", 1L, "/metadata/labels", 2L),
            List.of(APPLIED),
            "helm:ns/web",
            List.of());
    try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password())) {
      insert(c, "web", 11, OldDigestText.of(stored));
      insert(c, "plain", 12, null); // stored before version 9 kept digests
    }
    try (Database db = Database.open(store)) {
      assertEquals(
          OldDigestText.of(stored), digestText(db, "web"), "the upgrade left the text as it was");
      assertNull(digestBytes(db, "web"));
      assertNull(digestText(db, "plain"));

      ObjectDigest next =
          ObjectDigest.of(
              Map.of("/data/x", 3L, "/metadata/labels", 2L),
              List.of(APPLIED, EDITED),
              "helm:ns/web",
              List.of());
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
                  Map.of(),
                  null,
                  new BodyCodec().encode("{}".getBytes(UTF_8)),
                  next)));
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT changed_paths, actors, prev_seq FROM journal WHERE name = 'web'");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(",/data/x,", rs.getString(1), "compared with the digest stored as text");
        assertEquals(",kubectl-edit|Update|,", rs.getString(2));
        assertEquals(11, rs.getLong(3));
      }
      assertArrayEquals(next.encode(), digestBytes(db, "web"), "format 2");
      assertNull(digestText(db, "web"), "the text went when the row was written again");
    }
  }

  private static String digestText(Database db, String name) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT digest FROM objects WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static byte[] digestBytes(Database db, String name) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT digest_bytes FROM objects WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  /** One ConfigMap as the version 10 writer stored it, with its digest as text. */
  private static void insert(Connection c, String name, long seq, String digest) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO objects (cluster, api_group, resource, namespace, name, version, kind,"
                + " uid, resource_version, labels, body, observed_at, deleted, seq, search_text,"
                + " search_id, digest) VALUES ('c', '', 'configmaps', 'ns', ?, 'v1', 'ConfigMap',"
                + " ?, '1', '{}', ?, CURRENT_TIMESTAMP, FALSE, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, "uid-" + name);
      ps.setBytes(3, new byte[] {0});
      ps.setLong(4, seq);
      ps.setString(5, SearchText.of(name, "ns", Map.of()));
      ps.setLong(6, seq);
      ps.setString(7, digest);
      ps.executeUpdate();
    }
  }
}
