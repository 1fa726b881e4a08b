package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.DiffChange;
import io.allkinds.model.DiffCursor;
import io.allkinds.model.DiffItem;
import io.allkinds.model.DiffPage;
import io.allkinds.model.DiffQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.FieldManager;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window diff on a real H2 file, written through the real batch applier at chosen store times:
 * each object once across pages, added, deleted, modified and transient told apart, the window's
 * bounds, the filters. A subclass runs it on PostgreSQL.
 */
class DiffQueriesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType DEPLOY =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
  private static final Instant FROM = T0.plus(Duration.ofMinutes(30));
  private static final Instant TO = T0.plus(Duration.ofHours(3));

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private DiffQueries diffs;
  private long nextSeq = 1;
  private int rv = 1;

  StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null);
  }

  @BeforeEach
  void write() throws Exception {
    db = Database.open(store());
    diffs = new DiffQueries(db.dataSource());
    // Before the window.
    batch(
        T0,
        add("c1", CM, "a", "old-mod"),
        add("c1", CM, "a", "old-del"),
        add("c1", CM, "a", "untouched"),
        add("c1", CM, "a", "status-only"),
        add("c1", DEPLOY, "b", "web"));
    // Inside it.
    batch(
        T0.plus(Duration.ofHours(1)),
        event("c1", CM, EventType.MODIFIED, "a", "old-mod"),
        event("c1", CM, EventType.DELETED, "a", "old-del"),
        add("c1", CM, "a", "new"),
        add("c1", CM, "a", "temp"),
        event("c1", CM, EventType.MODIFIED, "a", "status-only"),
        event("c1", DEPLOY, EventType.MODIFIED, "b", "web"),
        add("c2", CM, "a", "other"));
    batch(
        T0.plus(Duration.ofHours(2)),
        event("c1", CM, EventType.DELETED, "a", "temp"),
        event("c1", CM, EventType.MODIFIED, "a", "old-mod"),
        event("c1", CM, EventType.MODIFIED, "a", "status-only"));
    // After it.
    batch(
        T0.plus(Duration.ofHours(4)),
        event("c1", CM, EventType.MODIFIED, "a", "untouched"),
        event("c1", CM, EventType.MODIFIED, "a", "new"));
    // What the writer works out from the digests, stated here so the test does not depend on it.
    facts("old-mod", ",/data/x,", ",kubectl-edit|Update|,", null);
    facts("status-only", ",/status,", ",kubelet|Update|status,", null);
    facts("web", ",/spec/replicas,", ",kubectl|Update|scale,", "helm:b/web");
    facts("untouched", ",/data/y,", null, null);
    facts("new", ",/data/y,", null, null);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void listsEachObjectOnceAcrossPagesAtItsFirstChangeInTheWindow() {
    Map<String, DiffItem> expected = byName(all(filters(), 1000));
    assertEquals(
        Set.of("old-mod", "old-del", "new", "temp", "status-only", "web", "other"),
        expected.keySet());
    for (int limit : new int[] {1, 2, 3}) {
      List<DiffItem> items = all(filters(), limit);
      assertEquals(expected.size(), items.size(), "limit " + limit + ": " + names(items));
      assertEquals(expected.keySet(), byName(items).keySet());
      List<Long> firstSeqs = items.stream().map(DiffItem::firstSeq).toList();
      assertEquals(
          firstSeqs.stream().sorted().toList(), firstSeqs, "in the order of first changes");
    }
  }

  @Test
  void tellsAddedDeletedModifiedAndTransientApart() {
    Map<String, DiffItem> items = byName(all(filters(), 100));
    Map<String, DiffChange> changes = new TreeMap<>();
    items.forEach((k, v) -> changes.put(k, v.change()));
    assertEquals(
        Map.of(
            "old-mod", DiffChange.MODIFIED,
            "old-del", DiffChange.DELETED,
            "new", DiffChange.ADDED,
            "temp", DiffChange.TRANSIENT,
            "status-only", DiffChange.MODIFIED,
            "web", DiffChange.MODIFIED,
            "other", DiffChange.ADDED),
        changes);
    DiffItem oldMod = items.get("old-mod");
    assertEquals(2, oldMod.changes());
    assertEquals(List.of("/data/x"), oldMod.changed());
    assertFalse(oldMod.statusOnly());
    assertEquals(List.of(new FieldManager("kubectl-edit", "Update", "", "")), oldMod.actors());
    assertEquals(
        T0.plus(Duration.ofHours(1)),
        oldMod.firstAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertEquals(
        T0.plus(Duration.ofHours(2)),
        oldMod.lastAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertTrue(oldMod.firstSeq() < oldMod.lastSeq());
    DiffItem status = items.get("status-only");
    assertTrue(status.statusOnly());
    assertEquals(List.of("/status"), status.changed());
    assertEquals("helm:b/web", items.get("web").appliedBy());
    assertEquals("Deployment", items.get("web").type().kind());
    assertEquals("apps/v1", items.get("web").type().apiVersion());
    assertNull(items.get("temp").changed(), "an addition's paths are unknown");
    assertEquals(2, items.get("temp").changes());
    assertEquals("uid-c1-temp", items.get("temp").uid());
  }

  @Test
  void theWindowsBoundsLeaveOutChangesBeforeAndAfterIt() {
    Map<String, DiffItem> items = byName(all(filters(), 100));
    assertFalse(items.containsKey("untouched"), "changed only before and after the window");
    DiffItem added = items.get("new");
    assertEquals(1, added.changes(), "its change after the window is left out");
    assertNull(added.changed());
    for (DiffItem i : items.values()) {
      assertTrue(i.firstAt().isAfter(FROM) && !i.lastAt().isAfter(TO), i.toString());
    }
    // A window after every change but one: only that object.
    DiffPage late =
        diffs.page(new DiffQuery(filters(), TO, T0.plus(Duration.ofHours(5)), 100, null));
    assertEquals(Set.of("untouched", "new"), byName(late.items()).keySet());
    assertEquals(DiffChange.MODIFIED, byName(late.items()).get("new").change());
    assertNull(late.next());
    // No end: up to the journal's head.
    DiffPage open = diffs.page(new DiffQuery(filters(), TO, null, 100, null));
    assertEquals(late.toSeq(), open.toSeq());
    // A window with nothing in it.
    DiffPage empty =
        diffs.page(
            new DiffQuery(filters(), T0.minus(Duration.ofHours(2)), T0.minusSeconds(1), 100, null));
    assertTrue(empty.items().isEmpty());
    assertNull(empty.next());
  }

  @Test
  void filtersByClusterKindApiVersionNamespaceAndManager() {
    assertEquals(
        Set.of("other"),
        byName(all(filters(List.of("c2"), null, null, null, null, List.of(), null), 100)).keySet());
    assertEquals(
        Set.of("web"),
        byName(all(filters(List.of(), null, null, "deployment", null, List.of(), null), 100))
            .keySet());
    assertEquals(
        Set.of("web"),
        byName(all(filters(List.of(), "apps", "v1", null, null, List.of(), null), 100)).keySet());
    assertEquals(
        Set.of("old-mod", "old-del", "new", "temp", "status-only"),
        byName(all(filters(List.of("c1"), null, null, null, "a", List.of(), null), 100)).keySet());
    assertEquals(
        Set.of("old-mod"),
        byName(all(filters(List.of(), null, null, null, null, List.of(), "kubectl-edit"), 100))
            .keySet());
    assertEquals(
        Set.of("web"),
        byName(all(filters(List.of(), null, null, null, null, List.of(), "helm"), 100)).keySet());
  }

  @Test
  void changedSpecLeavesOutObjectsThatOnlyChangedStatus() {
    Set<String> spec =
        byName(all(filters(List.of(), null, null, null, null, List.of("/spec"), null), 1)).keySet();
    assertEquals(Set.of("old-del", "new", "temp", "web", "other"), spec);
    Set<String> status =
        byName(all(filters(List.of(), null, null, null, null, List.of("/status"), null), 100))
            .keySet();
    assertEquals(Set.of("old-del", "new", "temp", "status-only", "other"), status);
  }

  @Test
  void laterPagesAnswerForTheWindowOfTheFirst() throws Exception {
    DiffPage first = diffs.page(new DiffQuery(filters(), FROM, null, 1, null));
    assertNotNull(first.next());
    long toSeq = first.toSeq();
    batch(T0.plus(Duration.ofHours(6)), event("c1", CM, EventType.MODIFIED, "a", "old-mod"));
    List<DiffItem> items = new ArrayList<>(first.items());
    DiffCursor next = first.next();
    while (next != null) {
      assertEquals(toSeq, next.toSeq());
      DiffPage page = diffs.page(new DiffQuery(filters(), FROM, null, 1, next));
      items.addAll(page.items());
      next = page.next();
    }
    assertEquals(items.size(), new HashSet<>(names(items)).size(), names(items).toString());
    assertTrue(items.stream().allMatch(i -> i.lastSeq() <= toSeq));
  }

  @Test
  void entriesStoredBeforePreviousSeqsWereKeptAreListedOnceToo() throws Exception {
    Map<String, DiffItem> expected = byName(all(filters(), 1000));
    try (Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      assertTrue(st.executeUpdate("UPDATE journal SET prev_seq = NULL") > 0);
    }
    for (int limit : new int[] {1, 3, 1000}) {
      assertEquals(expected.keySet(), byName(all(filters(), limit)).keySet(), "limit " + limit);
    }
  }

  @Test
  void anObjectWithVeryManyEntriesIsCountedAndEndsAsItsLastEntrySays() throws Exception {
    StoreOp[] churn = new StoreOp[DiffQueries.MAX_ENTRIES + 20];
    churn[0] = add("c3", CM, "a", "lease");
    for (int i = 1; i < churn.length - 1; i++) {
      churn[i] = event("c3", CM, EventType.MODIFIED, "a", "lease");
    }
    churn[churn.length - 1] = event("c3", CM, EventType.DELETED, "a", "lease");
    batch(T0.plus(Duration.ofMinutes(90)), churn);
    DiffItem lease =
        byName(all(filters(List.of("c3"), null, null, null, null, List.of(), null), 100))
            .get("lease");
    assertEquals(churn.length, lease.changes(), "every entry counted");
    assertEquals(DiffChange.TRANSIENT, lease.change(), "the last entry, past the folded ones");
  }

  // --- helpers

  private List<DiffItem> all(ChangeQuery f, int limit) {
    List<DiffItem> out = new ArrayList<>();
    DiffCursor cursor = null;
    for (int pages = 0; pages < 1000; pages++) {
      DiffPage page = diffs.page(new DiffQuery(f, FROM, TO, limit, cursor));
      assertTrue(page.items().size() <= limit);
      out.addAll(page.items());
      cursor = page.next();
      if (cursor == null) {
        List<String> names = names(out);
        assertEquals(names.size(), new HashSet<>(names).size(), "each object once: " + names);
        return out;
      }
    }
    throw new AssertionError("no end after 1000 pages");
  }

  private static List<String> names(List<DiffItem> items) {
    return items.stream().map(i -> i.cluster() + "/" + i.name()).toList();
  }

  private static Map<String, DiffItem> byName(List<DiffItem> items) {
    return items.stream().collect(Collectors.toMap(DiffItem::name, i -> i));
  }

  private static ChangeQuery filters() {
    return filters(List.of(), null, null, null, null, List.of(), null);
  }

  private static ChangeQuery filters(
      List<String> clusters,
      String group,
      String version,
      String kind,
      String namespace,
      List<String> changed,
      String manager) {
    return new ChangeQuery(
        clusters, group, version, kind, namespace, null, null, null, null, changed, manager, 0, 0,
        1);
  }

  private StoreOp add(String cluster, ResourceType type, String ns, String name) {
    return event(cluster, type, EventType.ADDED, ns, name);
  }

  private StoreOp event(
      String cluster, ResourceType type, EventType eventType, String ns, String name) {
    String version = Integer.toString(rv++);
    String json =
        "{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + version + "\"}}";
    ObservedObject o =
        new ObservedObject(
            ns,
            name,
            "uid-" + cluster + "-" + name,
            version,
            Map.of(),
            T0,
            codec.encode(json.getBytes(StandardCharsets.UTF_8)),
            ObjectDigest.of(
                Map.of("/data", (long) rv, "/metadata/labels", 1L),
                List.of(new FieldManager("test", "Update", "", version)),
                null,
                List.of()));
    return new StoreOp.WatchEvent(cluster, type, eventType, o);
  }

  private void batch(Instant at, StoreOp... ops) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BatchApplier applier = new BatchApplier(c, nextSeq, at, new FreshLists());
      for (StoreOp op : ops) {
        applier.apply(op);
      }
      applier.finish();
      applier.close();
      c.commit();
      nextSeq = applier.nextSeq();
    }
  }

  /** Sets the facts of the object's MODIFIED entries (and clears the others'). */
  private void facts(String name, String changed, String actors, String appliedBy)
      throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE journal SET changed_paths = ?, actors = ?, applied_by = ?"
                  + " WHERE name = ? AND event_type = 'MODIFIED'")) {
        ps.setString(1, changed);
        ps.setString(2, actors);
        ps.setString(3, appliedBy);
        ps.setString(4, name);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE journal SET changed_paths = NULL, actors = NULL, applied_by = ?"
                  + " WHERE name = ? AND event_type <> 'MODIFIED'")) {
        ps.setString(1, appliedBy);
        ps.setString(2, name);
        ps.executeUpdate();
      }
    }
  }
}
