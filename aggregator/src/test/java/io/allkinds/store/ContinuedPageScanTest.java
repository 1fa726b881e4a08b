package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSort;
import io.allkinds.model.ObjectSummary;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continued page of a large type starts its index range at the cursor on a real H2 file (H2's own
 * scan count says so), and paging returns every object once, in order, for every kind of query: one
 * or all namespaces, a cluster-scoped type, several clusters or types, name order, as of an
 * instant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContinuedPageScanTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType NODES = new ResourceType("", "v1", "nodes", "Node", false);
  private static final ResourceType APPS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final ResourceType EXT =
      new ResourceType("extensions", "v1beta1", "deployments", "Deployment", true);

  /** Namespaces and names whose order differs from their length or their digits. */
  private static final List<String> NAMESPACES =
      List.of("a", "a-b", "a.b", "a0", "ab", "default", "kube-system", "z");

  private static final List<String> ODD_NAMES =
      List.of("a", "a-", "a-a", "a.a", "a0", "aa", "b", "cm", "cm-", "cm-0", "cm-00", "zz");

  private static final int PER_NAMESPACE = 400;
  private static final int PAGE = 500;

  @TempDir static Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private ChangeWriter writer;
  private InventoryQueries inventory;
  private Instant written;

  @BeforeAll
  void writeObjects() throws Exception {
    db = Database.open(store());
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(10_000, 64 << 20),
            500,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    inventory = new InventoryQueries(db.dataSource(), codec);
    List<StoreOp> ops = new ArrayList<>();
    for (ResourceType t : List.of(CM, NODES, APPS, EXT)) {
      ops.add(new StoreOp.TypeStatus("c1", t, SyncState.WATCHING, null));
    }
    ops.add(new StoreOp.TypeStatus("c2", CM, SyncState.WATCHING, null));
    for (String ns : NAMESPACES) {
      for (int i = 0; i < PER_NAMESPACE - ODD_NAMES.size(); i++) {
        ops.add(add("c1", CM, ns, "cm-" + i));
      }
      for (String name : ODD_NAMES) {
        ops.add(add("c1", CM, ns, name));
        ops.add(add("c1", APPS, ns, name));
        ops.add(add("c1", EXT, ns, name));
      }
      ops.add(add("c2", CM, ns, "cm-0"));
    }
    for (String name : ODD_NAMES) {
      ops.add(add("c1", NODES, "", name));
      ops.add(add("c1", NODES, "", "node-" + name));
    }
    submit(ops);
    written = Instant.now();
  }

  /** The store the objects are written to: an H2 file. */
  StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  /** Whether the store is H2, whose plans the scan tests read. */
  boolean h2() {
    return true;
  }

  @AfterAll
  void close() {
    writer.close();
    db.close();
  }

  @Test
  void aLatePageOfAllNamespacesStartsAtTheCursorsNamespace() throws Exception {
    assumeTrue(h2(), "reads H2's plan");
    ObjectQuery q = configMaps(null, PAGE);
    ObjectCursor late = lastCursor(q);
    assertEquals("z", late.key().namespace(), "the cursor is in the last namespace");
    String plan = explainContinued(q.continuingAfter(late), ObjectSort.KEY);
    assertTrue(plan.contains("NAMESPACE >= "), "the range starts at the namespace:\n" + plan);
    // The rows before the cursor in its own namespace, and the page: not the seven namespaces
    // before it.
    assertTrue(scanCount(plan) <= PER_NAMESPACE + PAGE, plan);
  }

  @Test
  void aLatePageOfOneNamespaceStartsAtTheCursorsName() throws Exception {
    assumeTrue(h2(), "reads H2's plan");
    ObjectQuery q = configMaps("kube-system", PAGE);
    ObjectCursor late = lastCursor(configMaps("kube-system", 50));
    String plan = explainContinued(q.continuingAfter(late), ObjectSort.KEY);
    assertTrue(plan.contains("NAME >= "), "the range starts at the name:\n" + plan);
    assertTrue(scanCount(plan) <= 51, plan);
  }

  @Test
  void pagesHoldEveryObjectOnceInOrder() {
    List<String> c1 = List.of("c1");
    List<String> any = List.of();
    List<ObjectQuery> queries =
        List.of(
            q(c1, "", null, "configmaps", null, null, ObjectSort.KEY, PAGE, null),
            q(c1, "", null, "configmaps", "a-b", null, ObjectSort.KEY, 7, null),
            q(c1, "", null, "nodes", "", null, ObjectSort.KEY, 5, null),
            q(c1, "", null, "nodes", null, null, ObjectSort.KEY, 7, null),
            q(any, null, "deployment", null, null, null, ObjectSort.KEY, 7, null),
            q(c1, null, "Deployment", null, "ab", null, ObjectSort.KEY, 7, null),
            q(List.of("c1", "c2"), "", null, "configmaps", null, null, ObjectSort.KEY, 37, null),
            q(any, null, null, null, null, null, ObjectSort.KEY, 97, null),
            q(any, null, null, null, null, "cm-0", ObjectSort.KEY, 3, null),
            q(c1, "", null, "configmaps", null, null, ObjectSort.NAME, PAGE, null),
            q(any, null, null, null, null, null, ObjectSort.NAME, 97, null),
            q(c1, "", null, "configmaps", "z", null, ObjectSort.KEY, 30, written),
            q(any, null, null, null, null, null, ObjectSort.KEY, 97, written));
    for (ObjectQuery q : queries) {
      List<ObjectKey> all = keys(inventory.list(withLimit(q, 1_000_000)).items());
      assertTrue(all.size() >= ODD_NAMES.size(), q + " lists " + all.size());
      assertEquals(all.size(), new HashSet<>(all).size(), "no object twice in one page");
      List<ObjectKey> paged = new ArrayList<>();
      ObjectQuery next = q;
      while (true) {
        ObjectPage page = inventory.list(next);
        paged.addAll(keys(page.items()));
        if (page.next() == null) {
          break;
        }
        next = q.continuingAfter(page.next());
      }
      assertEquals(all, paged, "pages of " + q.limit() + " of " + q);
    }
  }

  private static ObjectQuery q(
      List<String> clusters,
      String group,
      String kind,
      String resource,
      String namespace,
      String name,
      ObjectSort sort,
      int limit,
      Instant asOf) {
    return new ObjectQuery(
        clusters, group, null, kind, resource, namespace, name, List.of(), null, false, false,
        limit, sort, null, asOf);
  }

  /** {@code q} of one type of cluster c1: configmaps. */
  private static ObjectQuery configMaps(String namespace, int limit) {
    return q(List.of("c1"), "", null, "configmaps", namespace, null, ObjectSort.KEY, limit, null);
  }

  private static ObjectQuery withLimit(ObjectQuery q, int limit) {
    return new ObjectQuery(
        q.clusters(),
        q.group(),
        q.version(),
        q.kind(),
        q.resource(),
        q.namespace(),
        q.name(),
        q.selector(),
        q.text(),
        q.includeDeleted(),
        q.full(),
        limit,
        q.sort(),
        q.after(),
        q.asOf());
  }

  /** The cursor the last but one page ends at: where the last page of {@code q} continues. */
  private ObjectCursor lastCursor(ObjectQuery q) {
    ObjectCursor last = null;
    ObjectQuery next = q;
    while (true) {
      ObjectCursor after = inventory.list(next).next();
      if (after == null) {
        assertNotNull(last, "more than one page");
        return last;
      }
      last = after;
      next = q.continuingAfter(after);
    }
  }

  /** H2's EXPLAIN ANALYZE of the live listing's conditions for {@code q}, as it pages. */
  private String explainContinued(ObjectQuery q, ObjectSort sort) throws Exception {
    Where where = InventoryWhere.identity(q, null).add("o.deleted = FALSE");
    String order =
        sort == ObjectSort.KEY
            ? InventoryWhere.KEY
            : "o.name, o.cluster, o.api_group, o.resource, o.namespace";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "EXPLAIN ANALYZE SELECT o.name FROM objects o"
                    + where.sql()
                    + " ORDER BY "
                    + order
                    + " FETCH FIRST "
                    + q.limit()
                    + " ROWS ONLY")) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private static int scanCount(String plan) {
    Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
    assertTrue(m.find(), plan);
    return Integer.parseInt(m.group(1));
  }

  private static List<ObjectKey> keys(List<ObjectSummary> items) {
    return items.stream().map(ObjectSummary::key).toList();
  }

  private StoreOp add(String cluster, ResourceType type, String ns, String name) {
    String json =
        "{\"metadata\":{\"name\":\""
            + name
            + "\""
            + (ns.isEmpty() ? "" : ",\"namespace\":\"" + ns + "\"")
            + ",\"resourceVersion\":\"1\"}}";
    ObservedObject o =
        new ObservedObject(
            ns,
            name,
            "uid-" + cluster + type.resource() + ns + "/" + name,
            "1",
            Map.of(),
            null,
            codec.encode(json.getBytes(StandardCharsets.UTF_8)));
    return new StoreOp.WatchEvent(cluster, type, EventType.ADDED, o);
  }

  private void submit(List<StoreOp> ops) throws Exception {
    long target = writer.opsWritten() + ops.size();
    for (StoreOp op : ops) {
      writer.submit(op);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (writer.opsWritten() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 60 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }
}
