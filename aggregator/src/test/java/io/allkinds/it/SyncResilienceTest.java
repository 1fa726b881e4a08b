package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sync against servers that restart, start late, or forbid some types. */
@ExtendWith(SharedClusters.class)
class SyncResilienceTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void storeConvergesAfterTheApiServerIsKilledAndRestarted() throws Exception {
    try (KubeCluster server = KubeCluster.start("restart", true);
        KubernetesClient client = KubeObjects.client(server.adminKubeconfig());
        Aggregator aggregator =
            Aggregator.start(
                tmp, Configs.config(tmp, Configs.cluster("restart", server.adminKubeconfig())))) {
      Api api = aggregator.api();
      String ns = "churn";
      KubeObjects.namespace(client, ns);
      for (int i = 0; i < 30; i++) {
        client.configMaps().resource(KubeObjects.configMap(ns, "cm-" + i, "0")).create();
      }
      Api.await(
          "30 ConfigMaps stored",
          WAIT,
          () -> ApiStates.configMaps(api, "restart", ns),
          m -> m.size() == 30);

      server.killApiServer();
      server.startApiServer();
      for (int i = 0; i < 10; i++) {
        client.configMaps().resource(KubeObjects.configMap(ns, "cm-" + i, "1")).update();
        client.configMaps().inNamespace(ns).withName("cm-" + (10 + i)).delete();
        client.configMaps().resource(KubeObjects.configMap(ns, "new-" + i, "0")).create();
      }
      Map<String, String> expected = KubeObjects.serverState(client, ns);
      Api.await(
          "store equal to the server",
          WAIT,
          () -> ApiStates.configMaps(api, "restart", ns),
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
                Configs.config(
                    tmp,
                    Configs.cluster("alpha", shared.alpha().adminKubeconfig())
                        + Configs.cluster("late", late.adminKubeconfig())))) {
      Api api = aggregator.api();
      Api.await(
          "alpha synced while late is down",
          WAIT,
          () -> ApiStates.clusterState(api, "alpha") + "/" + ApiStates.clusterState(api, "late"),
          s -> s.equals("watching/unreachable"));
      assertTrue(api.items("/api/v1/objects?cluster=alpha&kind=Namespace").size() >= 4);

      late.startAll();
      try (KubernetesClient client = KubeObjects.client(late.adminKubeconfig())) {
        client.configMaps().resource(KubeObjects.configMap("default", "hello", "late")).create();
      }
      Api.await(
          "late recovered", WAIT, () -> ApiStates.clusterState(api, "late"), "watching"::equals);
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
    try (KubernetesClient admin = KubeObjects.client(shared.beta().adminKubeconfig())) {
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
            tmp,
            Configs.config(
                tmp, Configs.cluster("beta-viewer", shared.beta().viewerKubeconfig())))) {
      Api api = aggregator.api();
      Api.await(
          "cluster settled",
          WAIT,
          () -> ApiStates.clusterState(api, "beta-viewer"),
          "watching"::equals);
      assertEquals("watching", ApiStates.typeState(api, "beta-viewer", "configmaps"));
      assertEquals("watching", ApiStates.typeState(api, "beta-viewer", "namespaces"));
      assertEquals("forbidden", ApiStates.typeState(api, "beta-viewer", "secrets"));
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
