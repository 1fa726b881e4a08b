package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.CompareCopy;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectName;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ConfigMap's copies in several clusters of a real H2 file, written by the real writer: the
 * live copy of one cluster, its copy as of an instant before a change, and every cluster's live
 * copy in cluster order, leaving out deleted copies, other namespaces and other kinds of the same
 * name.
 */
class CompareQueriesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType SECRET = new ResourceType("", "v1", "secrets", "Secret", true);

  private static final ObjectName APP = new ObjectName(null, "", "v1", "ConfigMap", "ns", "app");

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private ChangeWriter writer;
  private CompareQueries compare;

  /** The instant before c3's copy changed. */
  private Instant before;

  @BeforeEach
  void writeCopies() throws Exception {
    db = Database.open(store());
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    compare = new CompareQueries(db.dataSource(), codec);
    List<StoreOp> ops = new ArrayList<>();
    for (String c : List.of("c1", "c2", "c3", "c4", "c5")) {
      ops.add(new StoreOp.ClusterStatus(c, "https://" + c, SyncState.WATCHING, null));
      ops.add(new StoreOp.TypeStatus(c, CM, SyncState.WATCHING, null));
      ops.add(new StoreOp.TypeStatus(c, SECRET, SyncState.WATCHING, null));
    }
    ops.add(added("c3", CM, "ns", "app", "old"));
    ops.add(added("c2", CM, "ns", "app", "same"));
    ops.add(added("c1", CM, "ns", "app", "same"));
    ops.add(added("c4", CM, "ns", "app", "same"));
    ops.add(new StoreOp.WatchEvent("c4", CM, EventType.DELETED, obj("c4", "ns", "app", "same")));
    ops.add(added("c5", CM, "other", "app", "same"));
    ops.add(added("c5", SECRET, "ns", "app", "same"));
    submit(ops.toArray(StoreOp[]::new));
    before = Instant.now();
    // The store stamps in microseconds: let the clock pass the boundary before the change.
    awaitClockAfter(before.plusMillis(2));
    submit(new StoreOp.WatchEvent("c3", CM, EventType.MODIFIED, obj("c3", "ns", "app", "new")));
  }

  /** The store the test runs on: an H2 file here, PostgreSQL in a subclass. */
  StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  @Test
  void theLiveCopyOfOneClusterIsItsLatestBody() {
    CompareCopy c3 = compare.live(in("c3")).orElseThrow();
    assertEquals("c3", c3.cluster());
    assertTrue(body(c3).contains("\"k\":\"new\""), body(c3));
    assertEquals("rv-c3-new", c3.resourceVersion());
    assertTrue(compare.live(in("c4")).isEmpty(), "deleted in c4");
    assertTrue(compare.live(in("nowhere")).isEmpty());
    ObjectName lowerKind = new ObjectName("c1", "", "v1", "configmap", "ns", "app");
    assertTrue(compare.live(lowerKind).isPresent(), "the kind is case-insensitive");
  }

  @Test
  void asOfAnInstantTheCopyIsItsLastEntryThen() {
    assertTrue(body(compare.asOf(in("c3"), before).orElseThrow()).contains("\"k\":\"old\""));
    assertTrue(body(compare.asOf(in("c3"), Instant.now()).orElseThrow()).contains("\"k\":\"new\""));
    assertTrue(
        compare.asOf(in("c3"), Instant.parse("2000-01-01T00:00:00Z")).isEmpty(),
        "before the journal began");
    assertTrue(compare.asOf(in("c4"), Instant.now()).isEmpty(), "deleted then");
    assertTrue(compare.asOf(in("c4"), before).isEmpty(), "deleted then too");
  }

  @Test
  void everyClustersLiveCopyInClusterOrder() {
    List<CompareCopy> copies = new ArrayList<>();
    assertEquals(3, compare.copies(APP, copies::add));
    assertEquals(List.of("c1", "c2", "c3"), copies.stream().map(CompareCopy::cluster).toList());
    assertTrue(body(copies.get(0)).contains("\"k\":\"same\""));
    assertTrue(body(copies.get(2)).contains("\"k\":\"new\""));
    assertEquals(
        0, compare.copies(new ObjectName(null, "", "v1", "ConfigMap", "ns", "none"), copies::add));
    assertEquals(
        0,
        compare.copies(new ObjectName(null, "apps", "v1", "ConfigMap", "ns", "app"), copies::add));
  }

  @Test
  void aSinkThatThrowsStopsTheReading() {
    List<String> seen = new ArrayList<>();
    assertThrows(
        IllegalStateException.class,
        () ->
            compare.copies(
                APP,
                c -> {
                  seen.add(c.cluster());
                  throw new IllegalStateException("enough");
                }));
    assertEquals(List.of("c1"), seen);
  }

  @Test
  void theKnownClustersAreTheClustersTable() {
    assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), compare.clusters());
  }

  private static ObjectName in(String cluster) {
    return new ObjectName(cluster, "", "v1", "ConfigMap", "ns", "app");
  }

  private static String body(CompareCopy c) {
    return new String(c.body(), StandardCharsets.UTF_8);
  }

  private StoreOp added(String cluster, ResourceType type, String ns, String name, String value) {
    return new StoreOp.WatchEvent(cluster, type, EventType.ADDED, obj(cluster, ns, name, value));
  }

  private ObservedObject obj(String cluster, String ns, String name, String value) {
    String rv = "rv-" + cluster + "-" + value;
    String json =
        "{\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\""
            + ns
            + "\",\"uid\":\"uid-"
            + cluster
            + "\",\"resourceVersion\":\""
            + rv
            + "\"},\"data\":{\"k\":\""
            + value
            + "\"}}";
    return new ObservedObject(
        ns,
        name,
        "uid-" + cluster,
        rv,
        Map.of(),
        null,
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private void submit(StoreOp... ops) throws Exception {
    long written = writer.opsWritten() + ops.length;
    for (StoreOp op : ops) {
      writer.submit(op);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.opsWritten() < written) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 10 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private static void awaitClockAfter(Instant t) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Instant.now().isAfter(t)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock did not pass " + t);
      }
      Thread.onSpinWait();
    }
  }
}
