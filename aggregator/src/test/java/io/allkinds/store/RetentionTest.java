package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.RetentionConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a real H2 file: old journal entries and old deleted objects go, live objects stay. A
 * subclass runs it on PostgreSQL.
 */
public class RetentionTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void prunesByAgeAndCountButKeepsLiveObjects() throws Exception {
    BodyCodec codec = new BodyCodec();
    try (Database db = Database.open(store())) {
      ChangeWriter writer = startWriter(db);
      writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
      for (int i = 0; i < 5; i++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c", CM, EventType.ADDED, obj(codec, "keep-" + i, "u" + i, "1")));
        writer.submit(
            new StoreOp.WatchEvent(
                "c", CM, EventType.MODIFIED, obj(codec, "keep-" + i, "u" + i, "2")));
      }
      writer.submit(
          new StoreOp.WatchEvent(
              "c", CM, EventType.ADDED, obj(codec, "gone", "ug", "1", Map.of("app", "shop"))));
      writer.submit(
          new StoreOp.WatchEvent(
              "c", CM, EventType.DELETED, obj(codec, "gone", "ug", "2", Map.of("app", "shop"))));
      awaitWritten(writer, 13);
      writer.close();
      ChangeQueries changes = new ChangeQueries(db.dataSource());
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), codec);
      assertEquals(12, journal(changes));

      // By count: keep the newest 4 entries.
      new Retention(
              db.dataSource(),
              new RetentionConfig(Duration.ofDays(30), 4, Duration.ofMinutes(1), 0),
              Clock.systemUTC())
          .prune();
      assertEquals(4, journal(changes));
      assertEquals(5, live(inventory, false), "live objects keep their latest state");

      assertEquals(1, labelRows(db), "a deleted object (the only one with labels) keeps them");
      // By age: a clock a year ahead prunes everything in the journal and the deleted object.
      Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
      Retention.Result r =
          new Retention(db.dataSource(), RetentionConfig.defaults(), later).prune();
      assertEquals(0, journal(changes));
      assertEquals(1, r.deletedObjects());
      assertEquals(
          5, live(inventory, true), "the deleted object left the inventory, the live ones stayed");
      assertEquals(0, labelRows(db), "and its labels go with it");
    }
  }

  @Test
  public void prunesTheRelationshipsThatEndedBeforeTheJournalsFirstEntry() throws Exception {
    BodyCodec codec = new BodyCodec();
    try (Database db = Database.open(store())) {
      ChangeWriter writer = startWriter(db);
      writer.submit(new StoreOp.TypeStatus("c", PODS, SyncState.WATCHING, null));
      // web-1 moves from ReplicaSet a to b (its first set ends); web-2 comes and goes; then one
      // more change, so that keeping the newest entry prunes the first four. Each set names three
      // targets found by key: two on the set's row, the third in object_edge_targets.
      writer.submit(pod(codec, EventType.ADDED, "web-1", "1", "a"));
      writer.submit(pod(codec, EventType.MODIFIED, "web-1", "2", "b"));
      writer.submit(pod(codec, EventType.ADDED, "web-2", "3", "a"));
      writer.submit(pod(codec, EventType.DELETED, "web-2", "4", "a"));
      writer.submit(pod(codec, EventType.ADDED, "web-3", "5", "b"));
      awaitWritten(writer, 6);
      writer.close();
      assertEquals(4, count(db, "object_edge_sets"));
      assertEquals(4, count(db, "object_edge_targets"));

      new Retention(
              db.dataSource(),
              new RetentionConfig(Duration.ofDays(30), 1, Duration.ofMinutes(1), 0),
              Clock.systemUTC())
          .prune();
      assertEquals(
          2, count(db, "object_edge_sets"), "the sets that ended before the kept entry went");
      assertEquals(2, count(db, "object_edge_targets"), "and their further targets with them");
      try (Connection c = db.dataSource().getConnection()) {
        assertEquals(
            List.of("web-1", "web-3"),
            new RelationEdges(c, 0)
                .to("c", "apps", "ReplicaSet", "ns", List.of("b"), true, 10).stream()
                    .map(e -> e.source().name())
                    .toList(),
            "the live sets stay");
        assertEquals(
            List.of("web-1", "web-3"),
            new RelationEdges(c, 0)
                .to("c", "", "Node", "", List.of("n1"), false, 10).stream()
                    .map(e -> e.source().name())
                    .toList(),
            "found by a set's third target too");
      }
    }
  }

  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);

  private static StoreOp pod(
      BodyCodec codec, EventType type, String name, String rv, String replicaSet) {
    ObservedObject o = obj(codec, name, "u-" + name, rv);
    ObjectDigest digest =
        ObjectDigest.of(
            Map.of("/spec/x", 1L),
            List.of(),
            null,
            List.of(
                new ObjectEdge(EdgeRelation.OWNER, "apps", "ReplicaSet", "ns", replicaSet, ""),
                new ObjectEdge(EdgeRelation.OWNER, "", "ConfigMap", "ns", "holder", ""),
                new ObjectEdge(EdgeRelation.NODE, "", "Node", "", "n1", "")));
    return new StoreOp.WatchEvent(
        "c",
        PODS,
        type,
        new ObservedObject(
            o.namespace(),
            o.name(),
            o.uid(),
            o.resourceVersion(),
            o.labels(),
            o.createdAt(),
            o.body(),
            digest));
  }

  private static ChangeWriter startWriter(Database db) {
    ChangeWriter writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    return writer;
  }

  private static void awaitWritten(ChangeWriter writer, long ops) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.opsWritten() < ops) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not finish");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private static long count(Database db, String table) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long journal(ChangeQueries changes) {
    return changes.list(ChangeQuery.all(0, 0, 1000)).size();
  }

  private static long live(InventoryQueries inventory, boolean includeDeleted) {
    return inventory
        .list(
            new ObjectQuery(
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                includeDeleted,
                false,
                1000,
                null,
                null,
                null))
        .items()
        .size();
  }

  /** All label rows: they name objects by search id, so a pruned object's would stay unnamed. */
  private static long labelRows(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM object_labels")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static ObservedObject obj(BodyCodec codec, String name, String uid, String rv) {
    return obj(codec, name, uid, rv, Map.of());
  }

  private static ObservedObject obj(
      BodyCodec codec, String name, String uid, String rv, Map<String, String> labels) {
    return new ObservedObject(
        "ns",
        name,
        uid,
        rv,
        labels,
        null,
        codec.encode(
            ("{\"metadata\":{\"name\":\"" + name + "\"}}").getBytes(StandardCharsets.UTF_8)));
  }
}
