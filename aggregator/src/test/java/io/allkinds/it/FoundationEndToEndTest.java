package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.StoreFiles;
import io.allkinds.testing.TestFiles;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's end-to-end path against two real API servers: a CRD created in one cluster while
 * the aggregator runs, its objects created, changed and deleted; a ConfigMap in the other; an
 * unreachable third cluster that stops nothing; Secret values that never reach the store.
 */
@ExtendWith(SharedClusters.class)
class FoundationEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private Aggregator aggregator;
  private KubernetesClient alpha;
  private KubernetesClient beta;
  private Api api;

  // What the steps of the end-to-end test hand on to the next.
  private final String ns = "e2e-" + System.nanoTime();
  private final String appProjects = "/api/v1/objects?kind=appproject&namespace=" + ns;
  private final String secretValue = "s3cr3t-" + System.nanoTime();
  private CustomResourceDefinition crd;
  private GenericKubernetesResource project;

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      projects() {
    return alpha.genericKubernetesResources("argoproj.io/v1alpha1", "AppProject").inNamespace(ns);
  }

  @BeforeEach
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    beta = KubeObjects.client(clusters.beta().adminKubeconfig());
    Path unreachable = tmp.resolve("down.yaml");
    Files.writeString(
        unreachable,
        Files.readString(clusters.alpha().adminKubeconfig())
            .replace(clusters.alpha().server(), "https://127.0.0.1:1"));
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(
                tmp,
                Configs.cluster("alpha", clusters.alpha().adminKubeconfig())
                    + Configs.cluster("beta", clusters.beta().adminKubeconfig())
                    + Configs.cluster("down", unreachable)));
    api = aggregator.api();
  }

  @AfterEach
  void stop() {
    if (aggregator != null) {
      aggregator.close();
    }
    alpha.close();
    beta.close();
  }

  @Test
  void crdObjectsAndConfigMapsFlowFromTwoClustersIntoTheApi() throws Exception {
    everyClusterReportsItsStateAndTheUnreachableOneDoesNotStopTheOthers();
    namespaceInBothClusters();
    aCrdCreatedWhileRunningIsDiscoveredAndWatched();
    itsObjectIsAddedChangedAndDeletedWithAJournalEntryEach();
    theKindShowsOnlyUnderTheClusterThatServesIt();
    aConfigMapShowsUnderItsOwnClusterOnly();
    aSecretsKeyNamesAreStoredButNeverItsValues();
    deletingTheCrdDeletesItsObjectsWithJournalEntries();
    aggregator.close();
    aggregator = null;
    StoreFiles.assertNotInFiles(tmp.resolve("db"), secretValue);
  }

  private void everyClusterReportsItsStateAndTheUnreachableOneDoesNotStopTheOthers() {
    JsonArray clusters =
        Api.await(
            "alpha and beta watching, down unreachable",
            WAIT,
            () -> api.items("/api/v1/clusters"),
            items ->
                state(items, "alpha").equals("watching")
                    && state(items, "beta").equals("watching")
                    && List.of("unreachable", "error").contains(state(items, "down")));
    assertTrue(
        cluster(clusters, "alpha").getLong("resourceTypes") > 20, "alpha has its built-in types");
    assertEquals(3, clusters.size());
  }

  private void namespaceInBothClusters() {
    alpha
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    beta.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
  }

  private void aCrdCreatedWhileRunningIsDiscoveredAndWatched() throws Exception {
    crd = createCrd(alpha, TestFiles.crd("argo-cd/appproject-crd.yaml"));
    Api.await(
        "AppProject type discovered in alpha",
        WAIT,
        () -> api.items("/api/v1/resource-types?cluster=alpha"),
        items ->
            items.stream()
                .map(JsonObject.class::cast)
                .anyMatch(
                    t ->
                        t.getString("kind").equals("AppProject")
                            && t.getString("state").equals("watching")));
  }

  private void itsObjectIsAddedChangedAndDeletedWithAJournalEntryEach() {
    project =
        alpha
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata:
          name: payments
          labels: {team: payments}
        spec:
          description: first
        """,
                GenericKubernetesResource.class);
    projects().resource(project).create();
    JsonObject created =
        Api.await(
                "AppProject in the inventory",
                WAIT,
                () -> api.items(appProjects),
                items -> items.size() == 1)
            .getJsonObject(0);
    assertEquals("alpha", created.getString("cluster"));
    assertEquals("argoproj.io/v1alpha1", created.getString("apiVersion"));
    assertEquals("payments", created.getJsonObject("labels").getString("team"));

    projects()
        .withName("payments")
        .edit(
            p -> {
              p.setAdditionalProperty("spec", Map.of("description", "second"));
              return p;
            });
    JsonObject changed =
        Api.await(
                "AppProject change stored",
                WAIT,
                () -> api.items(appProjects + "&full=true"),
                items ->
                    items.size() == 1
                        && "second"
                            .equals(
                                items
                                    .getJsonObject(0)
                                    .getJsonObject("object")
                                    .getJsonObject("spec")
                                    .getString("description")))
            .getJsonObject(0);
    assertFalse(changed.getString("resourceVersion").equals(created.getString("resourceVersion")));

    projects().withName("payments").delete();
    Api.await(
        "AppProject gone from the inventory",
        WAIT,
        () -> api.items(appProjects),
        JsonArray::isEmpty);
    JsonObject deleted = api.items(appProjects + "&includeDeleted=true").getJsonObject(0);
    assertTrue(deleted.getBoolean("deleted"));

    JsonArray journal = api.changes("cluster=alpha&kind=AppProject&name=payments&namespace=" + ns);
    assertEquals(List.of("ADDED", "MODIFIED", "DELETED"), types(journal));
  }

  private void theKindShowsOnlyUnderTheClusterThatServesIt() {
    assertTrue(
        api.items("/api/v1/objects?cluster=beta&kind=AppProject&includeDeleted=true").isEmpty());
  }

  private void aConfigMapShowsUnderItsOwnClusterOnly() {
    beta.configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .withData(Map.of("mode", "blue"))
                .build())
        .create();
    JsonArray maps =
        Api.await(
            "ConfigMap in beta",
            WAIT,
            () -> api.items("/api/v1/objects?kind=ConfigMap&name=settings&namespace=" + ns),
            a -> a.size() == 1);
    assertEquals("beta", maps.getJsonObject(0).getString("cluster"));
    assertEquals(ns, maps.getJsonObject(0).getString("namespace"));
    assertTrue(
        api.items("/api/v1/objects?cluster=alpha&kind=ConfigMap&name=settings&namespace=" + ns)
            .isEmpty());
  }

  private void aSecretsKeyNamesAreStoredButNeverItsValues() {
    beta.secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .endMetadata()
                .withStringData(Map.of("password", secretValue))
                .build())
        .create();
    JsonObject secret =
        Api.await(
                "Secret in beta",
                WAIT,
                () -> api.items("/api/v1/objects?kind=Secret&name=creds&full=true&namespace=" + ns),
                a -> a.size() == 1)
            .getJsonObject(0)
            .getJsonObject("object");
    assertTrue(secret.getJsonObject("data").containsKey("password"), "the key name is kept");
    assertEquals(null, secret.getJsonObject("data").getValue("password"), "the value is not");
    assertFalse(secret.encode().contains(secretValue));
  }

  private void deletingTheCrdDeletesItsObjectsWithJournalEntries() {
    project.getMetadata().setName("billing");
    project.getMetadata().setResourceVersion(null);
    projects().resource(project).create();
    Api.await("billing stored", WAIT, () -> api.items(appProjects), items -> items.size() == 1);
    alpha.apiextensions().v1().customResourceDefinitions().resource(crd).delete();
    Api.await(
        "AppProject type gone from alpha",
        WAIT,
        () -> api.items("/api/v1/resource-types?cluster=alpha"),
        items ->
            items.stream()
                .map(JsonObject.class::cast)
                .anyMatch(
                    t ->
                        t.getString("kind").equals("AppProject")
                            && t.getString("state").equals("gone")));
    assertTrue(api.items(appProjects).isEmpty(), "no live AppProject once its CRD is gone");
    assertEquals(
        List.of("ADDED", "DELETED"),
        types(api.changes("cluster=alpha&kind=AppProject&name=billing&namespace=" + ns)));
  }

  static CustomResourceDefinition createCrd(KubernetesClient client, Path file) throws Exception {
    CustomResourceDefinition crd;
    try (var in = Files.newInputStream(file)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    }
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    KubeObjects.awaitEstablished(client, crd.getMetadata().getName(), Duration.ofSeconds(60));
    return crd;
  }

  private static List<String> types(JsonArray journal) {
    return journal.stream()
        .map(JsonObject.class::cast)
        .map(e -> e.getString("type"))
        .collect(Collectors.toList());
  }

  private static JsonObject cluster(JsonArray clusters, String name) {
    return clusters.stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + clusters));
  }

  private static String state(JsonArray clusters, String name) {
    return clusters.stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .map(c -> c.getString("state"))
        .findFirst()
        .orElse("absent");
  }
}
