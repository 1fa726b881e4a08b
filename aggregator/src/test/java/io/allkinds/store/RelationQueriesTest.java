package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectName;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.RelationGraph;
import io.allkinds.model.RelationLink;
import io.allkinds.model.RelationNode;
import io.allkinds.model.RelationQuery;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neighbourhoods on a real H2 file, with objects and the edges they state written by the real
 * writer: owners up to the root, descendants down to a depth, an owner change asked before and
 * after, Pods selected by label, a CRD's objects, the node cap.
 */
class RelationQueriesTest {

  private static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final ResourceType REPLICASETS =
      new ResourceType("apps", "v1", "replicasets", "ReplicaSet", true);
  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);
  private static final ResourceType NODES = new ResourceType("", "v1", "nodes", "Node", false);
  private static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType SERVICES =
      new ResourceType("", "v1", "services", "Service", true);
  private static final ResourceType CRDS =
      new ResourceType(
          "apiextensions.k8s.io",
          "v1",
          "customresourcedefinitions",
          "CustomResourceDefinition",
          false);
  private static final ResourceType WIDGETS =
      new ResourceType("example.com", "v1", "widgets", "Widget", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private long resourceVersion;
  private Database db;
  private ChangeWriter writer;
  private RelationQueries relations;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(1000, 1 << 24),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    relations = new RelationQueries(db.dataSource(), codec);
    List<StoreOp> types = new ArrayList<>();
    for (ResourceType t :
        List.of(DEPLOYMENTS, REPLICASETS, PODS, NODES, CONFIGMAPS, SERVICES, CRDS, WIDGETS)) {
      types.add(new StoreOp.TypeStatus("c1", t, SyncState.WATCHING, null));
    }
    submit(types);
    submit(
        List.of(
            added(
                DEPLOYMENTS, "shop", "web", "{\"replicas\":2}", "{\"readyReplicas\":1}", List.of()),
            added(
                REPLICASETS,
                "shop",
                "web-1",
                "{}",
                "{}",
                List.of(owner("apps", "Deployment", "shop", "web"))),
            added(
                REPLICASETS,
                "shop",
                "web-2",
                "{}",
                "{}",
                List.of(owner("apps", "Deployment", "shop", "web"))),
            added(
                NODES,
                "",
                "node-a",
                "{}",
                "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}",
                List.of()),
            added(CONFIGMAPS, "shop", "cfg", "{}", "{}", List.of()),
            added(SERVICES, "shop", "web", "{\"selector\":{\"app\":\"web\"}}", "{}", List.of()),
            pod("web-1-a", "web-1", "app", "web"),
            pod("web-1-b", "web-1", "app", "web"),
            pod("web-2-a", "web-2", "app", "web"),
            pod("other", null, "app", "other")));
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private static ObjectEdge owner(String group, String kind, String ns, String name) {
    return new ObjectEdge(EdgeRelation.OWNER, group, kind, ns, name, "uid-" + name);
  }

  private StoreOp pod(String name, String rs, String labelKey, String labelValue) {
    List<ObjectEdge> edges = new ArrayList<>();
    if (rs != null) {
      edges.add(owner("apps", "ReplicaSet", "shop", rs));
    }
    edges.add(new ObjectEdge(EdgeRelation.NODE, "", "Node", "", "node-a", ""));
    edges.add(new ObjectEdge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "shop", "cfg", ""));
    return new StoreOp.WatchEvent(
        "c1",
        PODS,
        EventType.ADDED,
        object(
            "shop",
            name,
            Map.of(labelKey, labelValue),
            "{}",
            "{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true}]}",
            edges));
  }

  private StoreOp added(
      ResourceType type,
      String ns,
      String name,
      String spec,
      String status,
      List<ObjectEdge> edges) {
    return new StoreOp.WatchEvent(
        "c1", type, EventType.ADDED, object(ns, name, Map.of(), spec, status, edges));
  }

  private ObservedObject object(
      String ns,
      String name,
      Map<String, String> labels,
      String spec,
      String status,
      List<ObjectEdge> edges) {
    String json =
        "{\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\""
            + ns
            + "\",\"uid\":\"uid-"
            + name
            + "\",\"labels\":"
            + new io.vertx.core.json.JsonObject(Map.<String, Object>copyOf(labels)).encode()
            + "},\"spec\":"
            + spec
            + ",\"status\":"
            + status
            + "}";
    return new ObservedObject(
        ns,
        name,
        "uid-" + name,
        Long.toString(++resourceVersion),
        labels,
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)),
        ObjectDigest.of(Map.of("/spec", (long) spec.hashCode()), List.of(), null, edges));
  }

  /** Submits {@code ops} and waits until all of them are committed. */
  private void submit(List<StoreOp> ops) throws Exception {
    long before = writer.opsWritten();
    for (StoreOp op : ops) {
      writer.submit(op);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (writer.opsWritten() < before + ops.size()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 30 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private RelationGraph graph(ResourceType t, String ns, String name, Instant asOf, int depth) {
    return relations.graph(
        new RelationQuery(
            new ObjectName("c1", t.group(), t.version(), t.kind(), ns, name), asOf, depth));
  }

  private static Set<String> ids(RelationGraph g) {
    return g.nodes().stream().map(RelationNode::id).collect(Collectors.toSet());
  }

  private static RelationNode node(RelationGraph g, String id) {
    return g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aPodShowsItsOwnersUpToTheRootAndWhatItNames() {
    RelationGraph g = graph(PODS, "shop", "web-1-a", null, 3);
    assertEquals("v1/Pod/shop/web-1-a", g.root());
    assertEquals("v1/Pod/shop/web-1-a", g.nodes().get(0).id(), "the root comes first");
    assertEquals("Running 1/1 ready", g.nodes().get(0).state());
    Set<RelationLink> links = Set.copyOf(g.edges());
    assertTrue(
        links.contains(
            new RelationLink("v1/Pod/shop/web-1-a", "apps/v1/ReplicaSet/shop/web-1", "owner")),
        links.toString());
    assertTrue(
        links.contains(
            new RelationLink(
                "apps/v1/ReplicaSet/shop/web-1", "apps/v1/Deployment/shop/web", "owner")),
        links.toString());
    assertTrue(
        links.contains(new RelationLink("v1/Pod/shop/web-1-a", "v1/Node//node-a", "node")),
        links.toString());
    assertTrue(
        links.contains(
            new RelationLink("v1/Pod/shop/web-1-a", "v1/ConfigMap/shop/cfg", "config_map")));
    assertTrue(
        links.contains(new RelationLink("v1/Service/shop/web", "v1/Pod/shop/web-1-a", "selects")),
        "the Service that selects it");
    assertEquals("Ready", node(g, "v1/Node//node-a").state());
    assertEquals("1/2 ready", node(g, "apps/v1/Deployment/shop/web").state());
    assertFalse(ids(g).contains("apps/v1/ReplicaSet/shop/web-2"), "siblings are not owners");
    assertFalse(g.truncated());
  }

  @Test
  void descendantsGoDownToTheDepth() {
    RelationGraph one = graph(DEPLOYMENTS, "shop", "web", null, 1);
    assertEquals(
        Set.of(
            "apps/v1/Deployment/shop/web",
            "apps/v1/ReplicaSet/shop/web-1",
            "apps/v1/ReplicaSet/shop/web-2"),
        ids(one));
    RelationGraph two = graph(DEPLOYMENTS, "shop", "web", null, 2);
    assertEquals(
        Set.of(
            "apps/v1/Deployment/shop/web",
            "apps/v1/ReplicaSet/shop/web-1",
            "apps/v1/ReplicaSet/shop/web-2",
            "v1/Pod/shop/web-1-a",
            "v1/Pod/shop/web-1-b",
            "v1/Pod/shop/web-2-a"),
        ids(two));
    assertTrue(
        two.edges()
            .contains(
                new RelationLink("v1/Pod/shop/web-2-a", "apps/v1/ReplicaSet/shop/web-2", "owner")));
    assertEquals("Running 1/1 ready", node(two, "v1/Pod/shop/web-2-a").state());
  }

  @Test
  void aNodeAndAConfigMapShowWhatPointsAtThem() {
    RelationGraph node = graph(NODES, "", "node-a", null, 3);
    assertEquals("v1/Node//node-a", node.root());
    assertEquals(5, node.nodes().size(), ids(node).toString());
    RelationGraph cm = graph(CONFIGMAPS, "shop", "cfg", null, 3);
    assertTrue(
        cm.edges()
            .contains(
                new RelationLink("v1/Pod/shop/other", "v1/ConfigMap/shop/cfg", "config_map")));
  }

  @Test
  void aServiceSelectsItsPodsByLabel() {
    RelationGraph g = graph(SERVICES, "shop", "web", null, 3);
    Set<String> selected =
        g.edges().stream()
            .filter(l -> l.relation().equals("selects"))
            .map(RelationLink::to)
            .collect(Collectors.toSet());
    assertEquals(
        Set.of("v1/Pod/shop/web-1-a", "v1/Pod/shop/web-1-b", "v1/Pod/shop/web-2-a"), selected);
  }

  @Test
  void anOwnerChangeIsAskedBeforeAndAfter() throws Exception {
    Instant before = lastObservedAt();
    awaitClockPast(before);
    submit(
        List.of(
            new StoreOp.WatchEvent(
                "c1",
                PODS,
                EventType.MODIFIED,
                object(
                    "shop",
                    "web-1-a",
                    Map.of("app", "web"),
                    "{\"adopted\":true}",
                    "{\"phase\":\"Pending\"}",
                    List.of(owner("apps", "ReplicaSet", "shop", "web-2"))))));
    String pod = "v1/Pod/shop/web-1-a";
    RelationGraph then = graph(PODS, "shop", "web-1-a", before, 3);
    assertTrue(
        then.edges().contains(new RelationLink(pod, "apps/v1/ReplicaSet/shop/web-1", "owner")),
        then.edges().toString());
    assertEquals("Running 1/1 ready", then.nodes().get(0).state());
    assertNotNull(then.asOf());
    RelationGraph now = graph(PODS, "shop", "web-1-a", null, 3);
    assertTrue(
        now.edges().contains(new RelationLink(pod, "apps/v1/ReplicaSet/shop/web-2", "owner")),
        now.edges().toString());
    assertFalse(ids(now).contains("apps/v1/ReplicaSet/shop/web-1"));
    assertFalse(ids(now).contains("v1/Node//node-a"), "the new version names no node");
    assertEquals("Pending", now.nodes().get(0).state());
    RelationGraph rsThen = graph(REPLICASETS, "shop", "web-1", before, 1);
    assertTrue(ids(rsThen).contains(pod), "web-1 owned it then");
    assertFalse(ids(graph(REPLICASETS, "shop", "web-1", null, 1)).contains(pod));
  }

  @Test
  void unknownObjectsAndInstantsBeforeTheJournalHaveNoNeighbourhood() {
    assertNull(graph(PODS, "shop", "nope", null, 3));
    assertNull(graph(PODS, "shop", "web-1-a", Instant.parse("2000-01-01T00:00:00Z"), 3));
    assertNull(
        relations.graph(
            new RelationQuery(
                new ObjectName("c1", "example.com", "v1", "Gadget", "shop", "x"), null, 3)));
  }

  @Test
  void aDeletedObjectShowsWhatItHadBeforeItsDeletion() throws Exception {
    submit(
        List.of(
            new StoreOp.WatchEvent(
                "c1",
                PODS,
                EventType.DELETED,
                object("shop", "web-1-b", Map.of("app", "web"), "{}", "{}", List.of()))));
    RelationGraph g = graph(PODS, "shop", "web-1-b", null, 3);
    assertTrue(g.nodes().get(0).deleted());
    assertTrue(ids(g).contains("apps/v1/ReplicaSet/shop/web-1"), ids(g).toString());
    assertFalse(
        ids(graph(SERVICES, "shop", "web", null, 3)).contains("v1/Pod/shop/web-1-b"),
        "a Service selects live Pods only");
  }

  @Test
  void aDefinitionListsItsObjectsWithACount() throws Exception {
    submit(
        List.of(
            added(
                CRDS,
                "",
                "widgets.example.com",
                "{\"group\":\"example.com\",\"names\":{\"plural\":\"widgets\",\"kind\":\"Widget\"},"
                    + "\"versions\":[{\"name\":\"v1\",\"storage\":true}]}",
                "{}",
                List.of()),
            added(WIDGETS, "shop", "w1", "{}", "{}", List.of()),
            added(WIDGETS, "shop", "w2", "{}", "{}", List.of())));
    RelationGraph g = graph(CRDS, "", "widgets.example.com", null, 3);
    assertEquals(new RelationGraph.Defines("example.com/v1", "Widget", 2), g.defines());
    assertTrue(
        g.edges()
            .contains(
                new RelationLink(
                    "apiextensions.k8s.io/v1/CustomResourceDefinition//widgets.example.com",
                    "example.com/v1/Widget/shop/w1",
                    "defines")));
    RelationGraph w = graph(WIDGETS, "shop", "w2", null, 3);
    assertTrue(
        ids(w).contains("apiextensions.k8s.io/v1/CustomResourceDefinition//widgets.example.com"));
  }

  @Test
  void aLargeTreeIsCappedAndSaysSo() throws Exception {
    List<StoreOp> many = new ArrayList<>();
    for (int i = 0; i < RelationWalk.MAX_NODES + 10; i++) {
      many.add(pod(String.format("big-%04d", i), "web-2", "app", "big"));
    }
    submit(many);
    RelationGraph g = graph(REPLICASETS, "shop", "web-2", null, 3);
    assertEquals(RelationWalk.MAX_NODES, g.nodes().size());
    assertTrue(g.truncated());
    assertFalse(graph(REPLICASETS, "shop", "web-1", null, 3).truncated());
  }

  private Instant lastObservedAt() {
    List<JournalEntry> all = new ChangeQueries(db.dataSource()).list(ChangeQuery.all(0, 0, 1000));
    return all.get(all.size() - 1).observedAt();
  }

  /** Waits (bounded) until the clock is past {@code t}, so the next change is stamped after it. */
  private static void awaitClockPast(Instant t) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Instant.now().isAfter(t.plusMillis(2))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock did not move");
      }
      Thread.sleep(1); // polling interval of a deadline-bounded wait
    }
  }
}
