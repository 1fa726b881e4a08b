package io.allkinds.it;

import static io.allkinds.it.ExplainObjects.awaitClock;
import static io.allkinds.it.ExplainObjects.configMap;
import static io.allkinds.it.ExplainObjects.diffItems;
import static io.allkinds.it.ExplainObjects.hasEdge;
import static io.allkinds.it.ExplainObjects.id;
import static io.allkinds.it.ExplainObjects.managers;
import static io.allkinds.it.ExplainObjects.nodes;
import static io.allkinds.it.ExplainObjects.ok;
import static io.allkinds.it.ExplainObjects.paths;
import static io.allkinds.it.ExplainObjects.replaceLevel;
import static io.allkinds.it.ExplainObjects.seqs;
import static io.allkinds.it.ExplainObjects.stream;
import static io.allkinds.it.ExplainObjects.summary;
import static io.allkinds.it.ExplainObjects.type;
import static io.allkinds.it.ExplainObjects.withData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Kubectl;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestBinaries;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explaining changes against real processes: the shared clusters alpha and beta and a cluster gamma
 * of this class's with the real kube-controller-manager, the real kubectl, and the aggregator on H2
 * (PostgreSQL in a subclass). kubectl apply and kubectl scale show as two different actors; a
 * status-only update is left out by {@code changed=/spec}; a diff across a window lists exactly the
 * objects changed in it; a Deployment's tree follows a rollout and can be asked as of before it;
 * the same ConfigMap in three clusters with one different is reported as drift.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  final String ns = "explain-" + System.nanoTime();
  KubeCluster gamma;
  KubernetesClient alpha;
  KubernetesClient beta;
  KubernetesClient gammaClient;
  Kubectl kubectl;
  Aggregator aggregator;
  Api api;

  /** The aggregator's {@code store:} block: an H2 file here, PostgreSQL in a subclass. */
  String storeYaml() throws Exception {
    return "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n";
  }

  @BeforeAll
  void start(SharedClusters.Clusters shared) throws Exception {
    Optional<Path> binary = TestBinaries.kubectl();
    Assumptions.assumeTrue(
        binary.isPresent(), "kubectl is not installed: run deploy/test-env/install.sh");
    gamma = KubeCluster.start("gamma", true);
    gamma.startControllerManager();
    alpha = KubeObjects.client(shared.alpha().adminKubeconfig());
    beta = KubeObjects.client(shared.beta().adminKubeconfig());
    gammaClient = KubeObjects.client(gamma.adminKubeconfig());
    for (KubernetesClient c : List.of(alpha, beta, gammaClient)) {
      KubeObjects.namespace(c, ns);
    }
    // Before the aggregator starts, so that its first discovery finds it.
    ExplainObjects.gadgetCrd(gammaClient, WAIT);
    Path home = Files.createDirectories(tmp.resolve("kubectl"));
    kubectl = new Kubectl(binary.get(), gamma.adminKubeconfig(), home);
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(
                Configs.cluster("alpha", shared.alpha().adminKubeconfig())
                    + Configs.cluster("beta", shared.beta().adminKubeconfig())
                    + Configs.cluster("gamma", gamma.adminKubeconfig()),
                storeYaml()));
    api = aggregator.api();
    Api.await("ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
  }

  @AfterAll
  void stop() throws Exception {
    if (aggregator != null) {
      aggregator.close();
    }
    for (KubernetesClient c : new KubernetesClient[] {alpha, beta, gammaClient}) {
      if (c != null) {
        c.close();
      }
    }
    if (gamma != null) {
      gamma.close();
    }
  }

  /**
   * kubectl apply as alice, kubectl scale, then kubectl patch of the replicas. The API server
   * (v1.20) keeps no managedFields for writes through the scale subresource (fixed in v1.21), so
   * the scale's entry names no manager there; the patch's does ({@code kubectl-patch}).
   */
  @Test
  void applyAndScaleAreTwoActors() throws Exception {
    apply("web.yaml", ExplainObjects.deploymentYaml(ns, "web", "nginx:1.25", 1), "alice");
    ok(kubectl.run("scale", "-n", ns, "deployment/web", "--replicas=3"), "scale");
    String web = "cluster=gamma&apiVersion=apps/v1&kind=Deployment&namespace=" + ns + "&name=web";
    JsonObject scaled = awaitReplicasChange(web, 1);
    patch("deployment/web", "{\"spec\":{\"replicas\":4}}");
    JsonObject patched = awaitReplicasChange(web, 2);
    JsonArray entries = api.changes(web);
    System.out.printf("Deployment web's journal: %s%n", summary(entries));
    JsonObject added = stream(entries).filter(e -> "ADDED".equals(type(e))).findFirst().get();
    assertEquals(Set.of("alice"), managers(added), "kubectl apply's actor: " + added);
    assertFalse(managers(scaled).contains("alice"), "the scale is not alice's: " + scaled);
    Set<String> patcher = managers(patched);
    assertEquals(1, patcher.size(), "one actor of the patch: " + patched);
    String other = patcher.iterator().next();
    assertNotEquals("alice", other, "the patch is not alice's");

    JsonArray byAlice = api.changes(web + "&manager=alice");
    assertTrue(seqs(byAlice).contains(added.getLong("seq")), "manager=alice finds the apply");
    assertFalse(seqs(byAlice).contains(scaled.getLong("seq")), "manager=alice: not the scale");
    assertFalse(seqs(byAlice).contains(patched.getLong("seq")), "manager=alice: not the patch");
    JsonArray byOther = api.changes(web + "&manager=" + Api.q(other));
    assertTrue(seqs(byOther).contains(patched.getLong("seq")), "manager= finds the patch");
    assertFalse(seqs(byOther).contains(added.getLong("seq")), "the patcher did not create it");
    for (String scaler : managers(scaled)) {
      assertTrue(
          seqs(api.changes(web + "&manager=" + Api.q(scaler))).contains(scaled.getLong("seq")),
          "manager=" + scaler + " finds the scale");
    }
  }

  /** Each entry of /history names the same actors as the entry of /changes. */
  @Test
  void historyNamesTheActors() throws Exception {
    apply("notes.yaml", ExplainObjects.configMapYaml(ns, "notes", "1"), "erin");
    patch("configmap/notes", "{\"data\":{\"more\":\"2\"}}");
    String notes = "cluster=gamma&apiVersion=v1&kind=ConfigMap&namespace=" + ns + "&name=notes";
    JsonArray entries =
        Api.await("two entries of notes", WAIT, () -> api.changes(notes), a -> a.size() == 2);
    assertEquals(Set.of("erin"), managers(entries.getJsonObject(0)), summary(entries).toString());
    assertEquals(
        Set.of("kubectl-patch"), managers(entries.getJsonObject(1)), summary(entries).toString());
    JsonArray history = api.items("/api/v1/history?" + notes);
    assertEquals(seqs(entries), seqs(history), "the same entries");
    for (int i = 0; i < entries.size(); i++) {
      assertEquals(
          entries.getJsonObject(i).getJsonArray("actors"),
          history.getJsonObject(i).getJsonArray("actors"),
          "history names the actors /changes names, entry " + i);
    }
  }

  /** The {@code k}th entry (from 1) that changed the object's spec.replicas. */
  private JsonObject awaitReplicasChange(String object, int k) {
    return Api.await(
            k + " changes of spec.replicas stored",
            WAIT,
            () ->
                stream(api.changes(object))
                    .filter(e -> paths(e).contains("/spec/replicas"))
                    .toList(),
            l -> l.size() >= k)
        .get(k - 1);
  }

  @Test
  void statusOnlyUpdatesAreLeftOutBySpecFilter() throws Exception {
    apply("g1.yaml", ExplainObjects.gadgetYaml(ns, "g1", 1), "bob");
    patch("gadget/g1", "{\"status\":{\"phase\":\"Ready\"}}", "--subresource=status");
    patch("gadget/g1", "{\"spec\":{\"size\":2}}");
    String g1 =
        "cluster=gamma&apiVersion="
            + ExplainObjects.GADGET_GROUP
            + "/v1&kind=Gadget&namespace="
            + ns
            + "&name=g1";
    JsonArray all =
        Api.await("three entries of g1", WAIT, () -> api.changes(g1), a -> a.size() == 3);
    System.out.printf("Gadget g1's journal: %s%n", summary(all));
    List<Long> seqs = seqs(all);
    assertEquals(List.of("/status"), paths(all.getJsonObject(1)), "the status patch");
    assertEquals(List.of("/spec/size"), paths(all.getJsonObject(2)), "the spec patch");
    assertEquals(
        List.of(seqs.get(0), seqs.get(2)),
        seqs(api.changes(g1 + "&changed=/spec")),
        "changed=/spec: the creation and the spec patch, not the status patch");
    assertTrue(seqs(api.changes(g1 + "&changed=/status")).contains(seqs.get(1)), "changed=/status");

    // The controller manager's own status updates of a Deployment.
    apply("api.yaml", ExplainObjects.deploymentYaml(ns, "api", "nginx:1.25", 2), "carol");
    String dep = "cluster=gamma&apiVersion=apps/v1&kind=Deployment&namespace=" + ns + "&name=api";
    JsonArray entries =
        Api.await(
            "a status-only update of Deployment api by the controller manager",
            WAIT,
            () -> api.changes(dep),
            a -> stream(a).anyMatch(e -> paths(e).equals(List.of("/status"))));
    System.out.printf("Deployment api's journal: %s%n", summary(entries));
    List<Long> statusOnly =
        stream(entries)
            .filter(e -> paths(e).equals(List.of("/status")))
            .map(e -> e.getLong("seq"))
            .toList();
    // The controller manager's first write names it; later ones that change only values of fields
    // it already owns leave managedFields as they were (v1.20), so they name nobody.
    assertTrue(
        stream(entries).anyMatch(e -> managers(e).contains("kube-controller-manager")),
        "the controller manager is an actor: " + summary(entries));
    assertTrue(
        stream(entries)
            .filter(e -> paths(e).equals(List.of("/status")))
            .allMatch(e -> Set.of("kube-controller-manager").containsAll(managers(e))),
        "status written by the controller manager only: " + summary(entries));
    JsonArray spec = api.changes(dep + "&changed=/spec");
    assertTrue(
        seqs(spec).stream().noneMatch(statusOnly::contains),
        "changed=/spec leaves out every status-only entry: " + summary(spec));
    assertTrue(seqs(spec).contains(seqs(entries).get(0)), "and keeps the creation");
  }

  @Test
  void diffListsExactlyTheObjectsChangedInTheWindow() {
    String dns = ns + "-diff";
    KubeObjects.namespace(alpha, dns);
    var cms = alpha.configMaps().inNamespace(dns);
    for (String name : List.of("a", "b", "c", "d")) {
      cms.resource(KubeObjects.configMap(dns, name, "0")).create();
    }
    awaitEntries(dns, 4);
    Instant from = Instant.now();
    awaitClock(from.plusMillis(2));
    cms.withName("b").edit(c -> withData(c, Map.of("v", "1")));
    cms.withName("c").edit(c -> withData(c, Map.of("v", "1")));
    cms.resource(KubeObjects.configMap(dns, "e", "0")).create();
    cms.withName("d").delete();
    cms.resource(KubeObjects.configMap(dns, "f", "0")).create();
    cms.withName("f").delete();
    awaitEntries(dns, 10);
    Instant to = Instant.now();
    awaitClock(to.plusMillis(2));
    cms.withName("a").edit(c -> withData(c, Map.of("v", "2")));
    cms.withName("c").edit(c -> withData(c, Map.of("v", "2")));
    cms.resource(KubeObjects.configMap(dns, "g", "0")).create();
    awaitEntries(dns, 13);

    String window =
        "/api/v1/diff?cluster=alpha&namespace="
            + dns
            + "&from="
            + Api.q(from.toString())
            + "&to="
            + Api.q(to.toString());
    JsonObject diff = ok(api.get(window));
    System.out.printf("diff of the window: %s%n", diff.encode());
    Map<String, JsonObject> items = diffItems(diff);
    Map<String, String> changes = new TreeMap<>();
    items.forEach((name, item) -> changes.put(name, item.getString("change")));
    assertEquals(
        Map.of("b", "modified", "c", "modified", "d", "deleted", "e", "added", "f", "transient"),
        changes,
        "the objects changed in the window, and how");
    assertEquals(1, items.get("c").getInteger("changes"), "c changed once in the window");
    assertEquals(List.of("/data"), stream(items.get("b"), "changed").toList(), "b's paths");
    assertFalse(items.get("b").getBoolean("statusOnly"), "a data change is not status only");
    assertEquals(1, diff.getJsonArray("groups").size(), "one group: v1 ConfigMap");
    assertEquals(null, diff.getValue("next"), "one page");

    // Paged two at a time, every object once.
    List<String> paged = new java.util.ArrayList<>();
    String next = null;
    for (int page = 0; page < 10; page++) {
      JsonObject p =
          ok(api.get(window + "&limit=2" + (next == null ? "" : "&continue=" + Api.q(next))));
      paged.addAll(diffItems(p).keySet());
      next = p.getString("next");
      if (next == null) {
        break;
      }
    }
    assertEquals(List.of("b", "c", "d", "e", "f"), paged.stream().sorted().toList(), "paged");
  }

  @Test
  void relationsFollowARollout() throws Exception {
    apply("shop.yaml", ExplainObjects.deploymentYaml(ns, "shop", "nginx:1.25", 3), "dave");
    String deployment = "apps/v1/Deployment/" + ns + "/shop";
    String query =
        "/api/v1/relations?cluster=gamma&apiVersion=apps/v1&kind=Deployment&namespace="
            + ns
            + "&name=shop&depth=3";
    JsonObject tree = awaitTree("the tree of 1 ReplicaSet and 3 Pods", query, 1, 3);
    System.out.printf("relations before the rollout: %s%n", tree.encode());
    assertEquals(deployment, tree.getString("root"));
    assertFalse(tree.getBoolean("truncated"), "a small tree is whole");
    JsonObject first = nodes(tree, "ReplicaSet").get(0);
    assertTrue(hasEdge(tree, id(first), deployment, "owner"), "ReplicaSet -> Deployment");
    for (JsonObject pod : nodes(tree, "Pod")) {
      assertTrue(hasEdge(tree, id(pod), id(first), "owner"), "Pod -> ReplicaSet: " + pod);
      assertEquals("Pending", pod.getString("state"), "no kubelet: the Pods stay Pending");
    }

    // A scheduler's binding: the Pod states its Node.
    String bound = nodes(tree, "Pod").get(0).getString("name");
    String node = ns + "-node";
    ExplainObjects.bindToNewNode(gammaClient, ns, bound, node);
    JsonObject pod =
        Api.await(
                "Pod " + bound + " -> Node " + node,
                WAIT,
                () ->
                    api.get(
                        "/api/v1/relations?cluster=gamma&apiVersion=v1&kind=Pod&namespace="
                            + ns
                            + "&name="
                            + bound),
                r ->
                    r.status() == 200
                        && hasEdge(
                            r.json(), "v1/Pod/" + ns + "/" + bound, "v1/Node//" + node, "node"))
            .json();
    assertTrue(hasEdge(pod, "v1/Pod/" + ns + "/" + bound, id(first), "owner"), "and its owner");

    Instant before = Instant.now();
    awaitClock(before.plusMillis(2));
    ok(kubectl.run("set", "image", "-n", ns, "deployment/shop", "app=nginx:1.26"), "set image");
    // No Pod ever becomes available: the new ReplicaSet gets one surge Pod, the old keeps three.
    JsonObject rolled = awaitTree("a second ReplicaSet after the rollout", query, 2, 4);
    System.out.printf("relations after the rollout: %s%n", rolled.encode());
    JsonObject second =
        nodes(rolled, "ReplicaSet").stream()
            .filter(r -> !r.getString("name").equals(first.getString("name")))
            .findFirst()
            .orElseThrow();
    assertTrue(hasEdge(rolled, id(second), deployment, "owner"), "new ReplicaSet -> Deployment");
    assertEquals(
        1,
        nodes(rolled, "Pod").stream()
            .filter(p -> hasEdge(rolled, id(p), id(second), "owner"))
            .count(),
        "the new ReplicaSet's surge Pod");

    JsonObject asOf = ok(api.get(query + "&asOf=" + Api.q(before.toString())));
    System.out.printf("relations as of before the rollout: %s%n", asOf.encode());
    assertEquals(
        List.of(first.getString("name")),
        nodes(asOf, "ReplicaSet").stream().map(r -> r.getString("name")).toList(),
        "as of before the rollout: the old ReplicaSet only");
    assertEquals(3, nodes(asOf, "Pod").size(), "with its three Pods");
  }

  @Test
  void driftAndCompareAcrossClusters() {
    Map<String, String> settings = Map.of("level", "info", "size", "3");
    alpha.configMaps().inNamespace(ns).resource(configMap(ns, "settings", settings)).create();
    beta.configMaps().inNamespace(ns).resource(configMap(ns, "settings", settings)).create();
    gammaClient
        .configMaps()
        .inNamespace(ns)
        .resource(configMap(ns, "settings", Map.of("level", "debug", "size", "3")))
        .create();
    String object = "apiVersion=v1&kind=ConfigMap&namespace=" + ns + "&name=settings";
    JsonObject drift =
        Api.await(
                "the three copies in the drift report",
                WAIT,
                () -> api.get("/api/v1/drift?" + object),
                r -> r.status() == 200 && r.json().getInteger("clusters") == 3)
            .json();
    System.out.printf("drift: %s%n", drift.encode());
    JsonArray groups = drift.getJsonArray("groups");
    assertEquals(2, groups.size(), "two groups: " + drift);
    JsonObject largest = groups.getJsonObject(0);
    JsonObject odd = groups.getJsonObject(1);
    assertEquals(List.of("alpha", "beta"), stream(largest, "clusters").toList());
    assertEquals(2, largest.getInteger("size"));
    assertTrue(largest.getBoolean("largest"));
    assertEquals(0, largest.getJsonArray("patch").size(), "the largest group against itself");
    assertEquals(List.of("gamma"), stream(odd, "clusters").toList());
    assertFalse(odd.getBoolean("largest"));
    assertEquals(replaceLevel("debug"), odd.getJsonArray("patch"), "gamma's difference");
    assertTrue(
        stream(odd, "changed").anyMatch(p -> "/data/level".startsWith(p) && p.startsWith("/data")),
        "the differing path: " + odd);
    assertEquals(0, drift.getJsonArray("missing").size(), "every cluster has a copy");

    JsonObject compare = ok(api.get("/api/v1/compare?" + object + "&left=alpha&right=gamma"));
    System.out.printf("compare alpha gamma: %s%n", compare.encode());
    assertFalse(compare.getBoolean("identical"));
    assertEquals(replaceLevel("debug"), compare.getJsonArray("patch"), "alpha -> gamma");
    assertTrue(compare.getJsonObject("left").getBoolean("found"));
    assertTrue(compare.getJsonObject("right").getBoolean("found"));
    JsonObject same = ok(api.get("/api/v1/compare?" + object + "&left=alpha&right=beta"));
    assertTrue(same.getBoolean("identical"), "alpha and beta agree: " + same);
    assertEquals(0, same.getJsonArray("patch").size());

    // Across two instants of one cluster.
    Instant before = Instant.now();
    awaitClock(before.plusMillis(2));
    gammaClient
        .configMaps()
        .inNamespace(ns)
        .withName("settings")
        .edit(c -> withData(c, Map.of("level", "warn", "size", "3")));
    String instants =
        "/api/v1/compare?" + object + "&left=" + Api.q("gamma@" + before) + "&right=gamma";
    JsonObject then =
        Api.await(
                "gamma's settings changed since " + before,
                WAIT,
                () -> api.get(instants),
                r -> r.status() == 200 && !r.json().getBoolean("identical"))
            .json();
    assertEquals(replaceLevel("warn"), then.getJsonArray("patch"), "debug -> warn");
  }

  private JsonObject awaitTree(String what, String query, int replicaSets, int pods) {
    return Api.await(
            what,
            WAIT,
            () -> api.get(query),
            r ->
                r.status() == 200
                    && nodes(r.json(), "ReplicaSet").size() == replicaSets
                    && nodes(r.json(), "Pod").size() == pods)
        .json();
  }

  private void awaitEntries(String namespace, int n) {
    Api.await(
        n + " entries in " + namespace,
        WAIT,
        () -> api.changes("cluster=alpha&namespace=" + namespace).size(),
        size -> size == n);
  }

  void apply(String file, String yaml, String manager) throws Exception {
    Path path = tmp.resolve(file);
    Files.writeString(path, yaml);
    ok(kubectl.run("apply", "--field-manager=" + manager, "-f", path.toString()), "apply " + file);
  }

  /** kubectl patch of a merge patch in the test's namespace. */
  void patch(String target, String json, String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("patch", "-n", ns, target, "--type=merge", "-p", json));
    args.addAll(List.of(more));
    ok(kubectl.run(args.toArray(String[]::new)), String.join(" ", args));
  }
}
