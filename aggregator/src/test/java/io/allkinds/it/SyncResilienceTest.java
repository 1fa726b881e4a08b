package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sync against servers that restart, start late, or forbid some types. */
@ExtendWith(SharedClusters.class)
class SyncResilienceTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  static String config(Path tmp, String clusters) {
    return config(clusters, "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n");
  }

  /**
   * A configuration for {@code clusters} on the store that {@code storeYaml} (a {@code store:}
   * block) names.
   */
  static String config(String clusters, String storeYaml) {
    return """
        clusters:
        %s
        %s
        http:
          port: 0
        sync:
          rediscoverySeconds: 30
          backoffCapSeconds: 2
        """
        .formatted(clusters.indent(2).stripTrailing(), storeYaml.stripTrailing());
  }

  static String cluster(String name, Path kubeconfig) {
    return "- name: " + name + "\n  kubeconfig: " + kubeconfig + "\n";
  }

  static void namespace(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
  }

  static ConfigMap configMap(String ns, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withData(Map.of("v", value))
        .build();
  }

  /** name -> resourceVersion of the live ConfigMaps of a namespace, as the API server has them. */
  static Map<String, String> serverState(KubernetesClient client, String ns) {
    return client.configMaps().inNamespace(ns).list().getItems().stream()
        .filter(c -> !c.getMetadata().getName().equals("kube-root-ca.crt"))
        .collect(
            Collectors.toMap(
                c -> c.getMetadata().getName(),
                c -> c.getMetadata().getResourceVersion(),
                (a, b) -> a,
                TreeMap::new));
  }

  /** The same, as the aggregator's inventory has them. */
  static Map<String, String> storeState(Api api, String cluster, String ns) {
    Map<String, String> out = new TreeMap<>();
    String cont = null;
    do {
      JsonObject page =
          api.get(
                  "/api/v1/objects?limit=1000&kind=ConfigMap&cluster="
                      + cluster
                      + "&namespace="
                      + ns
                      + (cont == null ? "" : "&continue=" + cont))
              .json();
      page.getJsonArray("items").stream()
          .map(JsonObject.class::cast)
          .filter(o -> !o.getString("name").equals("kube-root-ca.crt"))
          .forEach(o -> out.put(o.getString("name"), o.getString("resourceVersion")));
      cont = page.getString("continue");
    } while (cont != null);
    return out;
  }

  static String typeState(Api api, String cluster, String resource) {
    return api.items("/api/v1/resource-types?cluster=" + cluster).stream()
        .map(JsonObject.class::cast)
        .filter(t -> t.getString("resource").equals(resource) && t.getString("group").isEmpty())
        .map(t -> t.getString("state"))
        .findFirst()
        .orElse("absent");
  }

  static String clusterState(Api api, String name) {
    return api.items("/api/v1/clusters").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .map(c -> c.getString("state"))
        .findFirst()
        .orElse("absent");
  }

  @Test
  void storeConvergesAfterTheApiServerIsKilledAndRestarted() throws Exception {
    try (KubeCluster server = KubeCluster.start("restart", true);
        KubernetesClient client = FoundationEndToEndTest.client(server.adminKubeconfig());
        Aggregator aggregator =
            Aggregator.start(tmp, config(tmp, cluster("restart", server.adminKubeconfig())))) {
      Api api = aggregator.api();
      String ns = "churn";
      namespace(client, ns);
      for (int i = 0; i < 30; i++) {
        client.configMaps().resource(configMap(ns, "cm-" + i, "0")).create();
      }
      Api.await(
          "30 ConfigMaps stored", WAIT, () -> storeState(api, "restart", ns), m -> m.size() == 30);

      server.killApiServer();
      server.startApiServer();
      for (int i = 0; i < 10; i++) {
        client.configMaps().resource(configMap(ns, "cm-" + i, "1")).update();
        client.configMaps().inNamespace(ns).withName("cm-" + (10 + i)).delete();
        client.configMaps().resource(configMap(ns, "new-" + i, "0")).create();
      }
      Map<String, String> expected = serverState(client, ns);
      Api.await(
          "store equal to the server",
          WAIT,
          () -> storeState(api, "restart", ns),
          expected::equals);

      JsonArray deletions = api.changes("limit=1000&type=DELETED&kind=ConfigMap&namespace=" + ns);
      Set<String> deleted =
          deletions.stream()
              .map(JsonObject.class::cast)
              .map(e -> e.getString("name"))
              .collect(Collectors.toSet());
      for (int i = 10; i < 20; i++) {
        assertTrue(
            deleted.contains("cm-" + i), "journal holds the deletion of cm-" + i + ": " + deleted);
      }
      assertEquals(10, deletions.size(), "each deletion is journaled once");
    }
  }

  @Test
  void anUnreachableClusterStopsNothingAndRecoversWhenItsServerStarts(
      SharedClusters.Clusters shared) throws Exception {
    try (KubeCluster late = KubeCluster.create("late", true);
        Aggregator aggregator =
            Aggregator.start(
                tmp,
                config(
                    tmp,
                    cluster("alpha", shared.alpha().adminKubeconfig())
                        + cluster("late", late.adminKubeconfig())))) {
      Api api = aggregator.api();
      Api.await(
          "alpha synced while late is down",
          WAIT,
          () -> clusterState(api, "alpha") + "/" + clusterState(api, "late"),
          s -> s.equals("watching/unreachable"));
      assertTrue(api.items("/api/v1/objects?cluster=alpha&kind=Namespace").size() >= 4);

      late.startAll();
      try (KubernetesClient client = FoundationEndToEndTest.client(late.adminKubeconfig())) {
        client.configMaps().resource(configMap("default", "hello", "late")).create();
      }
      Api.await("late recovered", WAIT, () -> clusterState(api, "late"), "watching"::equals);
      Api.await(
          "late's ConfigMap stored",
          WAIT,
          () -> api.items("/api/v1/objects?cluster=late&kind=ConfigMap&name=hello"),
          a -> a.size() == 1);
    }
  }

  @Test
  void typesTheUserMayNotReadAreForbiddenAndTheRestSyncs(SharedClusters.Clusters shared)
      throws Exception {
    try (KubernetesClient admin = FoundationEndToEndTest.client(shared.beta().adminKubeconfig())) {
      admin
          .rbac()
          .clusterRoles()
          .resource(
              new ClusterRoleBuilder()
                  .withNewMetadata()
                  .withName("allkinds-viewer")
                  .endMetadata()
                  .withRules(
                      new PolicyRuleBuilder()
                          .withApiGroups("")
                          .withResources("configmaps", "namespaces")
                          .withVerbs("get", "list", "watch")
                          .build())
                  .build())
          .createOr(r -> r.update());
      admin
          .rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("allkinds-viewer")
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "allkinds-viewer")
                  .addNewSubject()
                  .withKind("User")
                  .withName("viewer")
                  .endSubject()
                  .build())
          .createOr(r -> r.update());
    }
    try (Aggregator aggregator =
        Aggregator.start(
            tmp, config(tmp, cluster("beta-viewer", shared.beta().viewerKubeconfig())))) {
      Api api = aggregator.api();
      Api.await(
          "cluster settled", WAIT, () -> clusterState(api, "beta-viewer"), "watching"::equals);
      assertEquals("watching", typeState(api, "beta-viewer", "configmaps"));
      assertEquals("watching", typeState(api, "beta-viewer", "namespaces"));
      assertEquals("forbidden", typeState(api, "beta-viewer", "secrets"));
      JsonObject secrets =
          api.items("/api/v1/resource-types?cluster=beta-viewer").stream()
              .map(JsonObject.class::cast)
              .filter(t -> t.getString("resource").equals("secrets"))
              .findFirst()
              .orElseThrow();
      assertTrue(secrets.getString("message").contains("forbidden"), secrets.encode());
      assertTrue(api.items("/api/v1/objects?cluster=beta-viewer&kind=Namespace").size() >= 4);
      assertTrue(api.items("/api/v1/objects?cluster=beta-viewer&kind=Secret").isEmpty());
    }
  }
}
