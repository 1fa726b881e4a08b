package io.allkinds.cluster;

import static io.allkinds.cluster.RedactorTest.tree;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.FieldManager;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.Database;
import io.allkinds.store.OpQueue;
import io.allkinds.store.WriteFence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real objects through the real encoder and writer into an H2 file: each journal entry keeps the
 * paths it changed and who wrote it, with managedFields dropped from the stored bodies; the edges
 * an object states are kept with the journal positions between which they held; the changed= and
 * manager= filters select on them.
 */
class ExplainedWritesTest {

  private static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private final ObjectEncoder encoder = new ObjectEncoder(codec, true, new Redactor(List.of()));
  private Database db;
  private ChangeWriter writer;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private static String deployment(
      String rv, int replicas, String image, String readyReplicas, String managers) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop",
         "uid":"d1","resourceVersion":"%s","generation":3,
         "annotations":{"meta.helm.sh/release-name":"web","meta.helm.sh/release-namespace":"shop"},
         "managedFields":[%s]},
         "spec":{"replicas":%d,"template":{"spec":{"containers":[{"name":"a","image":"%s"}]}}},
         "status":{"readyReplicas":%s}}
        """
        .formatted(rv, managers, replicas, image, readyReplicas);
  }

  private static String manager(String name, String op, String time) {
    return "{\"manager\":\"%s\",\"operation\":\"%s\",\"time\":\"%s\"}".formatted(name, op, time);
  }

  private void write(EventType type, ResourceType rt, String json) throws Exception {
    long before = writer.opsWritten();
    writer.submit(new StoreOp.WatchEvent("c1", rt, type, encoder.encode(rt, tree(json))));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.opsWritten() <= before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 10 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private List<JournalEntry> changes(ChangeQuery q) {
    return new ChangeQueries(db.dataSource()).list(q);
  }

  private static ChangeQuery filtered(List<String> changed, String manager) {
    return new ChangeQuery(
        List.of(), null, null, null, null, null, null, null, null, changed, manager, 0, 0, 100);
  }

  @Test
  void journalKeepsChangedPathsAndActors() throws Exception {
    String alice = manager("alice", "Update", "2026-01-01T00:00:00Z");
    String kcm = manager("kube-controller-manager", "Update", "2026-01-01T00:00:00Z");
    write(EventType.ADDED, DEPLOYMENTS, deployment("1", 1, "nginx:1", "0", alice + "," + kcm));
    // kubectl scale: spec.replicas by a new manager
    String scale = manager("kubectl-scale", "Update", "2026-01-01T00:01:00Z");
    write(
        EventType.MODIFIED,
        DEPLOYMENTS,
        deployment("2", 3, "nginx:1", "0", alice + "," + kcm + "," + scale));
    // the controller updates status only
    String kcm2 = manager("kube-controller-manager", "Update", "2026-01-01T00:02:00Z");
    write(
        EventType.MODIFIED,
        DEPLOYMENTS,
        deployment("3", 3, "nginx:1", "3", alice + "," + kcm2 + "," + scale));
    // alice changes the image
    String alice2 = manager("alice", "Update", "2026-01-01T00:03:00Z");
    write(
        EventType.MODIFIED,
        DEPLOYMENTS,
        deployment("4", 3, "nginx:2", "3", alice2 + "," + kcm2 + "," + scale));

    List<JournalEntry> all = changes(ChangeQuery.all(0, 0, 100));
    assertEquals(4, all.size());
    assertNull(all.get(0).facts().changed(), "an addition has no paths");
    assertEquals(
        List.of("alice", "kube-controller-manager"),
        all.get(0).facts().actors().stream().map(FieldManager::manager).toList());
    assertEquals("helm:shop/web", all.get(0).facts().appliedBy());
    assertEquals(List.of("/spec/replicas"), all.get(1).facts().changed());
    assertEquals(
        List.of("kubectl-scale"),
        all.get(1).facts().actors().stream().map(FieldManager::manager).toList());
    assertEquals(List.of("/status"), all.get(2).facts().changed());
    assertEquals(
        List.of("kube-controller-manager"),
        all.get(2).facts().actors().stream().map(FieldManager::manager).toList());
    assertEquals(List.of("/spec/template"), all.get(3).facts().changed());
    assertEquals(
        List.of("alice"), all.get(3).facts().actors().stream().map(FieldManager::manager).toList());

    assertEquals(
        List.of(1L, 2L, 4L).stream().map(i -> all.get((int) (i - 1)).seq()).toList(),
        seqs(changes(filtered(List.of("/spec"), null))),
        "changed=/spec keeps the addition and the spec changes, not the status update");
    assertEquals(
        List.of(all.get(3).seq()),
        seqs(changes(filtered(List.of("/spec/template/spec/containers"), null))).stream()
            .filter(s -> s != all.get(0).seq())
            .toList(),
        "a path below a stored one matches it");
    assertEquals(
        List.of(all.get(1).seq()),
        seqs(changes(filtered(List.of(), "kubectl-scale"))),
        "manager= finds the scale");
    assertEquals(4, changes(filtered(List.of(), "helm")).size(), "the tool is found too");
    assertEquals(
        seqs(changes(filtered(List.of("/spec"), null))),
        seqs(
            changes(ChangeQuery.all(0, 0, 100)).stream()
                .filter(filtered(List.of("/spec"), null)::matches)
                .toList()),
        "the in-memory filter agrees with the SQL one");
  }

  @Test
  void edgesAreKeptWithTheSeqsBetweenWhichTheyHeld() throws Exception {
    String pod =
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","uid":"p1",
         "resourceVersion":"%s","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet",
         "name":"%s","uid":"%s"}]},"spec":{"containers":[]}}
        """;
    write(EventType.ADDED, PODS, pod.formatted("1", "web-a", "rs-a"));
    write(EventType.MODIFIED, PODS, pod.formatted("2", "web-a", "rs-a").replace("[]", "[{}]"));
    write(EventType.MODIFIED, PODS, pod.formatted("3", "web-b", "rs-b"));
    write(EventType.DELETED, PODS, pod.formatted("4", "web-b", "rs-b"));
    List<JournalEntry> all = changes(ChangeQuery.all(0, 0, 100));
    assertEquals(4, all.size());
    assertEquals(
        List.of(
            "owner apps/ReplicaSet web-a rs-a " + all.get(0).seq() + ".." + all.get(2).seq(),
            "owner apps/ReplicaSet web-b rs-b " + all.get(2).seq() + ".." + all.get(3).seq()),
        edges(),
        "an unchanged set is not rewritten; a new owner ends the old edge; a deletion ends all");
  }

  /** Each stored edge as "relation group/kind name uid from..to", read from its set's text. */
  private List<String> edges() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT from_seq, to_seq, edges_bytes FROM object_edge_sets ORDER BY from_seq")) {
      while (rs.next()) {
        for (String line : new String(rs.getBytes(3), UTF_8).split("\n", -1)) {
          String[] f = line.split("\\|", -1); // relation|group|kind|namespace|name|uid
          out.add(
              f[0]
                  + " "
                  + f[1]
                  + "/"
                  + f[2]
                  + " "
                  + f[4]
                  + " "
                  + f[5]
                  + " "
                  + rs.getLong(1)
                  + ".."
                  + rs.getObject(2));
        }
      }
    }
    return out;
  }

  private static List<Long> seqs(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::seq).toList();
  }
}
