package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Kubectl;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the fleet root ({@code /k8s/fleet}) of two clusters synced from two real
 * API servers: every object carries its cluster as a label and an annotation, a label selector on
 * it picks clusters, a Table has a CLUSTER column, a name two clusters have is a Conflict naming
 * them, a watch follows both clusters, and the fleet's {@code /at/{instant}} root is the fleet as
 * it stood.
 */
@ExtendWith(SharedClusters.class)
class KubeFleetTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  /** The aggregator's {@code store:} block: an H2 file here, PostgreSQL in a subclass. */
  String storeYaml() throws Exception {
    return "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n";
  }

  @Test
  void kubectlReadsAndWatchesTheWholeFleet(SharedClusters.Clusters shared) throws Exception {
    Optional<Path> binary = TestBinaries.kubectl();
    Assumptions.assumeTrue(
        binary.isPresent(), "kubectl is not installed: run deploy/test-env/install.sh");
    String ns = "fleet-" + System.nanoTime();
    String yaml =
        Configs.config(
            Configs.cluster("alpha", shared.alpha().adminKubeconfig())
                + Configs.cluster("beta", shared.beta().adminKubeconfig()),
            storeYaml());
    try (KubernetesClient alpha = KubeObjects.client(shared.alpha().adminKubeconfig());
        KubernetesClient beta = KubeObjects.client(shared.beta().adminKubeconfig())) {
      KubeObjects.namespace(alpha, ns);
      KubeObjects.namespace(beta, ns);
      create(alpha, ns, "shared", "from-alpha");
      create(beta, ns, "shared", "from-beta");
      create(alpha, ns, "only-a", "a");
      create(beta, ns, "only-b", "b");
      try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
        Api api = aggregator.api();
        String fleet = "http://127.0.0.1:" + aggregator.port() + "/k8s/fleet";
        awaitStored(api, ns, 4);
        Instant instant = Instant.now();
        Path kubeconfig =
            Kubectl.kubeconfig(
                tmp.resolve("kubeconfig"),
                null,
                List.of("fleet", "fleet-past"),
                List.of(fleet, fleet + "/at/" + instant));
        Kubectl kubectl = new Kubectl(binary.get(), kubeconfig, tmp);

        Kubectl.Result table = kubectl.run("get", "cm", "-n", ns);
        assertEquals(0, table.exit(), table.toString());
        assertTrue(
            table.lines().get(0).matches("CLUSTER\\s+NAME\\s+DATA\\s+AGE\\s*"), table.toString());
        assertEquals(
            Set.of("alpha only-a", "alpha shared", "beta only-b", "beta shared"),
            clusterAndName(table),
            table.toString());
        assertEquals(
            List.of("configmap/only-b", "configmap/shared"),
            kubectl
                .run("get", "cm", "-n", ns, "-l", "allkinds.io/cluster=beta", "-o", "name")
                .lines());
        assertEquals(
            List.of("configmap/only-a"),
            kubectl
                .run(
                    "get",
                    "cm",
                    "-n",
                    ns,
                    "-l",
                    "allkinds.io/cluster!=beta",
                    "--field-selector",
                    "metadata.name!=shared",
                    "-o",
                    "name")
                .lines());
        JsonObject onlyA =
            new JsonObject(kubectl.run("get", "cm", "only-a", "-n", ns, "-o", "json").out());
        assertEquals(
            "alpha",
            onlyA
                .getJsonObject("metadata")
                .getJsonObject("annotations")
                .getString("allkinds.io/cluster"));
        assertEquals(
            "alpha",
            onlyA
                .getJsonObject("metadata")
                .getJsonObject("labels")
                .getString("allkinds.io/cluster"));
        Kubectl.Result conflict = kubectl.run("get", "cm", "shared", "-n", ns);
        assertNotEquals(0, conflict.exit());
        assertTrue(
            conflict.err().contains("Error from server (Conflict)")
                && conflict.err().contains("alpha, beta"),
            conflict.toString());

        // A watch of the fleet, one cluster selected: alpha's change (stored first) is left out.
        try (Kubectl.Running watch =
            kubectl.start(
                "get",
                "cm",
                "-n",
                ns,
                "-l",
                "allkinds.io/cluster=beta",
                "-w",
                "--output-watch-events")) {
          watch.awaitLine(
              "beta's initial only-b", WAIT, l -> l.matches("ADDED\\s+beta\\s+only-b\\s.*"));
          update(alpha, ns, "only-a");
          Api.await(
              "alpha's change stored",
              WAIT,
              () ->
                  api.get(
                      "/api/v1/objects?cluster=alpha&kind=ConfigMap&name=only-a&full=true&namespace="
                          + ns),
              r -> r.body().contains("\"more\""));
          update(beta, ns, "only-b");
          watch.awaitLine(
              "beta's change through the fleet's watch",
              WAIT,
              l -> l.matches("MODIFIED\\s+beta\\s+only-b\\s+2\\s.*"));
          assertTrue(
              watch.lines().stream().noneMatch(l -> l.contains("alpha")),
              "the selector leaves alpha out: " + watch.lines());
        }

        // The fleet as it stood: a ConfigMap created since is not there.
        create(beta, ns, "late", "late");
        awaitStored(api, ns, 5);
        assertEquals(
            Set.of("alpha only-a", "alpha shared", "beta only-b", "beta shared"),
            clusterAndName(kubectl.run("--context", "fleet-past", "get", "cm", "-n", ns)));
      }
    }
  }

  private static void create(KubernetesClient client, String ns, String name, String value) {
    client.configMaps().inNamespace(ns).resource(KubeObjects.configMap(ns, name, value)).create();
  }

  private static void update(KubernetesClient client, String ns, String name) {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    cm.getData().put("more", "yes");
    client.configMaps().inNamespace(ns).resource(cm).update();
  }

  private static void awaitStored(Api api, String ns, int count) {
    Api.await(
        count + " ConfigMaps of " + ns + " stored",
        WAIT,
        () -> api.get("/api/v1/objects?kind=ConfigMap&namespace=" + ns),
        r ->
            r.status() == 200
                && r.json().getJsonArray("items").stream()
                        .filter(i -> !((JsonObject) i).getString("name").equals("kube-root-ca.crt"))
                        .count()
                    == count);
  }

  /** "cluster name" of each row of a fleet Table kubectl printed, header left out. */
  private static Set<String> clusterAndName(Kubectl.Result r) {
    assertEquals(0, r.exit(), r.toString());
    Set<String> out = new TreeSet<>();
    r.lines().stream()
        .skip(1)
        .map(l -> l.split("\\s+", -1))
        .filter(cells -> !cells[1].equals("kube-root-ca.crt"))
        .forEach(cells -> out.add(cells[0] + " " + cells[1]));
    return out;
  }
}
