package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Kubectl;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the Kubernetes API over the store ({@code /k8s/clusters/{cluster}}) of a
 * cluster synced from a real API server: discovery, tables, output formats, selectors, paging,
 * Status errors, refused writes, and the {@code /at/{instant}} root showing the cluster as it stood
 * then.
 */
@ExtendWith(SharedClusters.class)
class KubectlApiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * The {@code store:} block of the aggregator under test: an H2 file here, PostgreSQL in a
   * subclass.
   */
  String storeYaml() throws Exception {
    return "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n";
  }

  @Test
  void kubectlReadsTheStoreNowAndAsItStoodAtAnInstant(SharedClusters.Clusters shared)
      throws Exception {
    Optional<Path> binary = TestBinaries.kubectl();
    Assumptions.assumeTrue(
        binary.isPresent(), "kubectl is not installed: run deploy/test-env/install.sh");
    String ns = "kubectl-" + System.nanoTime();
    // No tokens: kubectl sends no credentials to a plain-http server (clientcmd applies a user's
    // auth only over TLS); WebRoutesTest checks that /k8s is behind the tokens when there are some.
    String yaml =
        Configs.config(Configs.cluster("alpha", shared.alpha().adminKubeconfig()), storeYaml());
    String group = "k" + System.nanoTime() + ".allkinds.test";
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      KubeObjects.namespace(client, ns);
      // A custom resource with short names and a category, there before the aggregator starts.
      KubeObjects.crd(
          client,
          group,
          "gadgets",
          "Gadget",
          List.of(shortName(group)),
          List.of(category(group)),
          WAIT);
      client
          .genericKubernetesResources(group + "/v1", "Gadget")
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion(group + "/v1")
                  .withKind("Gadget")
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName("g1")
                  .endMetadata()
                  .addToAdditionalProperties("spec", Map.of("size", 3))
                  .build())
          .create();
      try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
        readsNowAndThen(client, aggregator, binary.get(), ns, group);
      } finally {
        // The clusters are shared: another run's CRD must not answer to this one's names.
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("gadgets." + group)
            .delete();
      }
    }
  }

  /** The CRD's short name, its own to each run (the clusters are shared between tests). */
  private static String shortName(String group) {
    return "gd" + runOf(group);
  }

  /** The CRD's category, its own to each run. */
  private static String category(String group) {
    return "akt" + runOf(group);
  }

  /** The last six digits of the run's number in {@code k<number>.allkinds.test}. */
  private static String runOf(String group) {
    String number = group.substring(1, group.indexOf('.'));
    return number.substring(number.length() - 6);
  }

  private void readsNowAndThen(
      KubernetesClient client, Aggregator aggregator, Path binary, String ns, String group)
      throws Exception {
    for (String name : List.of("a1", "a2", "b1", "gone")) {
      ConfigMap cm = KubeObjects.configMap(ns, name, "value-of-" + name);
      if (!name.equals("gone")) {
        cm.getMetadata().setLabels(Map.of("app", name.substring(0, 1)));
      }
      client.configMaps().inNamespace(ns).resource(cm).create();
    }
    for (String type : List.of("Opaque", "allkinds.test/other")) {
      client
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(type.equals("Opaque") ? "s-opaque" : "s-other")
                  .endMetadata()
                  .withType(type)
                  .addToStringData("k", "v")
                  .build())
          .create();
    }
    String root = "http://127.0.0.1:" + aggregator.port() + "/k8s/clusters/alpha";
    String list = root + "/api/v1/namespaces/" + ns + "/configmaps";
    awaitNames("the ConfigMaps stored", list, Set.of("a1", "a2", "b1", "gone"));
    awaitNames(
        "the Secrets stored",
        root + "/api/v1/namespaces/" + ns + "/secrets",
        Set.of("s-opaque", "s-other"));
    awaitNames(
        "the Gadget stored",
        root + "/apis/" + group + "/v1/namespaces/" + ns + "/gadgets",
        Set.of("g1"));
    Api.await(
        "the Gadgets' CRD stored",
        WAIT,
        () ->
            get(
                root + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets." + group,
                null),
        r -> r.status() == 200);
    Instant instant = Instant.now();

    Path kubeconfig =
        Kubectl.kubeconfig(
            tmp.resolve("kubeconfig"),
            null,
            List.of("now", "past"),
            List.of(root, root + "/at/" + instant));
    Kubectl kubectl = new Kubectl(binary, kubeconfig, tmp);

    Kubectl.Result resources = kubectl.run("api-resources");
    assertEquals(0, resources.exit(), resources.toString());
    assertTrue(
        resources.lines().stream()
            .anyMatch(l -> l.matches("configmaps\\s+cm\\s+v1\\s+true\\s+ConfigMap\\s*")),
        resources.toString());

    assertTrue(
        resources.lines().stream()
            .anyMatch(
                l ->
                    l.matches(
                        "gadgets\\s+"
                            + shortName(group)
                            + "\\s+"
                            + group
                            + "/v1\\s+true\\s+Gadget\\s*")),
        "a custom resource's short name comes from its stored CRD: " + resources);
    assertEquals(
        List.of("gadget." + group + "/g1"),
        objectNames(kubectl.run("get", shortName(group), "-n", ns, "-o", "name")));
    Kubectl.Result gadgets = kubectl.run("get", shortName(group), "-n", ns);
    assertEquals(
        List.of("NAME SIZE", "g1 3"),
        gadgets.lines().stream().map(l -> l.trim().replaceAll("\\s+", " ")).toList(),
        "a custom resource's columns come from its stored CRD: " + gadgets);
    assertEquals(
        List.of("gadget." + group + "/g1"),
        objectNames(kubectl.run("get", category(group), "-n", ns, "-o", "name")),
        "a custom resource's category comes from its stored CRD");

    Kubectl.Result table = kubectl.run("get", "cm", "-n", ns);
    assertEquals(0, table.exit(), table.toString());
    assertTrue(
        table.lines().get(0).matches("NAME\\s+DATA\\s+AGE\\s*"),
        "a ConfigMap's Table has kube-apiserver's DATA column: " + table);
    assertTrue(
        table.lines().stream().anyMatch(l -> l.matches("a1\\s+1\\s+\\S+\\s*")), table.toString());
    assertEquals(Set.of("a1", "a2", "b1", "gone"), firstColumn(table), table.toString());

    JsonObject json = new JsonObject(kubectl.run("get", "cm", "-n", ns, "-o", "json").out());
    assertEquals(Set.of("a1", "a2", "b1", "gone"), names(json.getJsonArray("items")));
    JsonObject a1 = itemNamed(json.getJsonArray("items"), "a1");
    assertEquals("value-of-a1", a1.getJsonObject("data").getString("v"));
    assertEquals("ConfigMap", a1.getString("kind"));

    JsonNode yamlList =
        new YAMLMapper().readTree(kubectl.run("get", "cm", "-n", ns, "-o", "yaml").out());
    Set<String> yamlNames = new TreeSet<>();
    yamlList.get("items").forEach(i -> yamlNames.add(i.at("/metadata/name").asText()));
    assertEquals(Set.of("a1", "a2", "b1", "gone"), yamlNames);

    assertEquals(
        Set.of("a1", "a2"), firstColumn(kubectl.run("get", "cm", "-n", ns, "-l", "app=a")));
    assertEquals(
        Set.of("b1", "gone"), firstColumn(kubectl.run("get", "cm", "-n", ns, "-l", "app!=a")));
    Kubectl.Result labels = kubectl.run("get", "cm", "-n", ns, "--show-labels");
    assertTrue(
        labels.lines().stream().anyMatch(l -> l.startsWith("b1 ") && l.endsWith("app=b")),
        labels.toString());
    Kubectl.Result everywhere = kubectl.run("get", "cm", "-A");
    assertTrue(everywhere.lines().get(0).startsWith("NAMESPACE"), everywhere.toString());
    assertTrue(
        everywhere.lines().stream().anyMatch(l -> l.matches(ns + "\\s+a1\\s+1\\s+\\S+\\s*")),
        everywhere.toString());

    Kubectl.Result chunked = kubectl.run("get", "cm", "-n", ns, "--chunk-size=2", "-o", "name");
    assertEquals(
        List.of("configmap/a1", "configmap/a2", "configmap/b1", "configmap/gone"),
        objectNames(chunked),
        chunked.toString());
    JsonObject page = get(list + "?limit=2", null).json();
    assertEquals(2, page.getJsonArray("items").size());
    String next = page.getJsonObject("metadata").getString("continue");
    assertNotNull(next, "a first page of two of four ends with a continue token");
    JsonObject rest = get(list + "?limit=2&continue=" + next, null).json();
    assertEquals(Set.of("b1", "gone"), names(rest.getJsonArray("items")));
    assertNull(rest.getJsonObject("metadata").getString("continue"));
    assertEquals(400, get(list + "?limit=2&continue=garbage", null).status());

    assertEquals(
        Set.of("a2"),
        firstColumn(kubectl.run("get", "cm", "-n", ns, "--field-selector", "metadata.name=a2")));
    assertEquals(
        Set.of("a1", "a2", "gone"),
        firstColumn(kubectl.run("get", "cm", "-n", ns, "--field-selector", "metadata.name!=b1")));
    Kubectl.Result inNamespace =
        kubectl.run(
            "get", "cm", "-A", "--field-selector", "metadata.namespace==" + ns, "-o", "name");
    assertEquals(
        List.of("configmap/a1", "configmap/a2", "configmap/b1", "configmap/gone"),
        objectNames(inNamespace),
        inNamespace.toString());
    assertEquals(
        Set.of("s-opaque"),
        firstColumn(kubectl.run("get", "secrets", "-n", ns, "--field-selector", "type=Opaque")));
    JsonObject filtered =
        get(list + "?limit=1&fieldSelector=metadata.name!%3Da1,metadata.name!%3Da2", null).json();
    assertEquals(
        Set.of("b1"),
        names(filtered.getJsonArray("items")),
        "a page skips the objects the selector rejects and still holds limit objects");
    assertNotNull(filtered.getJsonObject("metadata").getString("continue"));
    Kubectl.Result badField = kubectl.run("get", "cm", "-n", ns, "--field-selector", "spec.x=y");
    assertNotEquals(0, badField.exit());
    assertTrue(badField.err().contains("field label not supported: spec.x"), badField.toString());

    Kubectl.Result jsonpath = kubectl.run("get", "cm", "a1", "-n", ns, "-o", "jsonpath={.data.v}");
    assertEquals("value-of-a1", jsonpath.out(), jsonpath.toString());
    Kubectl.Result wide = kubectl.run("get", "cm", "-n", ns, "-o", "wide");
    assertEquals(Set.of("a1", "a2", "b1", "gone"), firstColumn(wide), wide.toString());
    Kubectl.Result one = kubectl.run("get", "cm", "a1", "-n", ns, "-o", "json");
    assertEquals("value-of-a1", new JsonObject(one.out()).getJsonObject("data").getString("v"));
    Kubectl.Result namespace = kubectl.run("get", "namespace", ns);
    assertEquals(Set.of(ns), firstColumn(namespace));
    assertTrue(namespace.lines().get(0).matches("NAME\\s+STATUS\\s+AGE\\s*"), namespace.toString());
    assertTrue(
        namespace.lines().stream().anyMatch(l -> l.matches(ns + "\\s+Active\\s+\\S+\\s*")),
        namespace.toString());
    Kubectl.Result missing = kubectl.run("get", "cm", "missing", "-n", ns);
    assertNotEquals(0, missing.exit());
    assertTrue(
        missing.err().contains("Error from server (NotFound): configmaps \"missing\" not found"),
        missing.toString());
    Kubectl.Result delete = kubectl.run("delete", "cm", "a1", "-n", ns);
    assertNotEquals(0, delete.exit());
    assertTrue(delete.err().contains("MethodNotAllowed"), delete.toString());
    assertNotNull(client.configMaps().inNamespace(ns).withName("a1").get(), "nothing deleted");

    assertRawAnswers(root, list);

    // After the instant: one object deleted and one created on the real cluster.
    client.configMaps().inNamespace(ns).withName("gone").delete();
    client
        .configMaps()
        .inNamespace(ns)
        .resource(KubeObjects.configMap(ns, "late", "value-of-late"))
        .create();
    awaitNames("the deletion and the creation stored", list, Set.of("a1", "a2", "b1", "late"));
    assertEquals(Set.of("a1", "a2", "b1", "late"), firstColumn(kubectl.run("get", "cm", "-n", ns)));
    Kubectl.Result past = kubectl.run("--context", "past", "get", "cm", "-n", ns);
    assertEquals(0, past.exit(), past.toString());
    assertEquals(Set.of("a1", "a2", "b1", "gone"), firstColumn(past), past.toString());
    JsonObject pastGone =
        new JsonObject(
            kubectl.run("--context", "past", "get", "cm", "gone", "-n", ns, "-o", "json").out());
    assertEquals("value-of-gone", pastGone.getJsonObject("data").getString("v"));
    assertFalse(
        kubectl.run("--context", "past", "get", "cm", "late", "-n", ns).err().isEmpty(),
        "an object created after the instant is not found there");
  }

  /** What kubectl does not show: the JSON of Tables and Status errors, the 404s. */
  private void assertRawAnswers(String root, String list) {
    Api.Response table =
        get(list + "?labelSelector=app%3Db", "application/json;as=Table;v=v1;g=meta.k8s.io");
    JsonObject t = table.json();
    assertEquals("Table", t.getString("kind"), table.body());
    assertEquals("meta.k8s.io/v1", t.getString("apiVersion"));
    assertEquals(
        List.of("Name", "Data", "Age"),
        t.getJsonArray("columnDefinitions").stream()
            .map(c -> ((JsonObject) c).getString("name"))
            .toList());
    JsonObject row = t.getJsonArray("rows").getJsonObject(0);
    assertEquals("b1", row.getJsonArray("cells").getString(0));
    assertEquals(1, row.getJsonArray("cells").getInteger(1));
    assertEquals("PartialObjectMetadata", row.getJsonObject("object").getString("kind"));
    assertEquals(
        "b",
        row.getJsonObject("object")
            .getJsonObject("metadata")
            .getJsonObject("labels")
            .getString("app"));

    Api.Response unknownCluster =
        get(root.replace("/alpha", "/nowhere") + "/api/v1/configmaps", null);
    assertEquals(404, unknownCluster.status());
    assertEquals("Status", unknownCluster.json().getString("kind"));
    assertEquals("NotFound", unknownCluster.json().getString("reason"));
    Api.Response unknownType = get(root + "/apis/example.com/v1/widgets", null);
    assertEquals(404, unknownType.status());
    assertEquals("NotFound", unknownType.json().getString("reason"));

    Api.Response post =
        send(
            HttpRequest.newBuilder(URI.create(list))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(405, post.status());
    assertEquals("MethodNotAllowed", post.json().getString("reason"));

    JsonObject groups = get(root + "/apis", null).json();
    assertEquals("APIGroupList", groups.getString("kind"));
    assertTrue(
        groups.getJsonArray("groups").stream()
            .anyMatch(g -> ((JsonObject) g).getString("name").equals("apps")),
        groups.encode());
    assertEquals("1", get(root + "/version", null).json().getString("major"));
  }

  private void awaitNames(String what, String list, Set<String> names) {
    Api.await(
        what,
        WAIT,
        () -> get(list, null),
        r -> r.status() == 200 && names(r.json().getJsonArray("items")).equals(names));
  }

  private Api.Response get(String url, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return send(b.GET());
  }

  private Api.Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Api.Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> names(JsonArray items) {
    Set<String> out = new HashSet<>();
    items.forEach(i -> out.add(((JsonObject) i).getJsonObject("metadata").getString("name")));
    out.remove("kube-root-ca.crt");
    return out;
  }

  private static JsonObject itemNamed(JsonArray items, String name) {
    return items.stream()
        .map(JsonObject.class::cast)
        .filter(i -> i.getJsonObject("metadata").getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** What {@code -o name} printed, in order, the API server's own ConfigMap left out. */
  private static List<String> objectNames(Kubectl.Result r) {
    assertEquals(0, r.exit(), r.toString());
    return r.lines().stream().filter(l -> !l.endsWith("/kube-root-ca.crt")).toList();
  }

  /** The first column of a table kubectl printed, header line left out. */
  private static Set<String> firstColumn(Kubectl.Result r) {
    assertEquals(0, r.exit(), r.toString());
    Set<String> out = new TreeSet<>();
    r.lines().stream().skip(1).forEach(l -> out.add(l.split("\\s+", -1)[0]));
    out.remove("kube-root-ca.crt");
    return out;
  }
}
