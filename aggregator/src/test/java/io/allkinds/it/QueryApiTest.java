package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.ServerSentEvents;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The query API's contract against real clusters: every endpoint, filter and error path. */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private Aggregator aggregator;
  private Api api;
  private KubernetesClient alpha;
  private KubernetesClient beta;
  private final String ns = "query-" + System.nanoTime();

  /**
   * The {@code store:} block of the aggregator under test: an H2 file here, PostgreSQL in a
   * subclass.
   */
  String storeYaml() throws Exception {
    return "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n";
  }

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    beta = KubeObjects.client(clusters.beta().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(
                Configs.cluster("alpha", clusters.alpha().adminKubeconfig())
                    + Configs.cluster("beta", clusters.beta().adminKubeconfig()),
                storeYaml()));
    api = aggregator.api();
    KubeObjects.namespace(alpha, ns);
    KubeObjects.namespace(beta, ns);
    for (int i = 0; i < 6; i++) {
      alpha
          .configMaps()
          .resource(labeled("web-" + i, Map.of("tier", "web", "idx", "i" + i)))
          .create();
    }
    for (int i = 0; i < 3; i++) {
      alpha
          .configMaps()
          .resource(labeled("api-" + i, Map.of("tier", "api", "canary", "yes")))
          .create();
    }
    beta.configMaps().resource(labeled("web-0", Map.of("tier", "web"))).create();
    beta.configMaps().resource(labeled("plain", Map.of())).create();
    Api.await(
        "12 ConfigMaps stored",
        WAIT,
        () -> api.items("/api/v1/objects?kind=configmap&namespace=" + ns),
        a -> a.size() == 11);
    Api.await("ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
  }

  @AfterAll
  void stop() {
    aggregator.close();
    alpha.close();
    beta.close();
  }

  private ConfigMap labeled(String name, Map<String, String> labels) {
    return labeled(ns, name, labels);
  }

  private ConfigMap labeled(String namespace, String name, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withData(Map.of("v", "0"))
        .build();
  }

  private Set<String> names(String query) {
    return names(ns, query);
  }

  private Set<String> names(String namespace, String query) {
    return api.items("/api/v1/objects?namespace=" + namespace + "&" + query).stream()
        .map(JsonObject.class::cast)
        .map(o -> o.getString("cluster") + "/" + o.getString("name"))
        .collect(Collectors.toSet());
  }

  /**
   * A namespace of its own for a test that adds or changes objects, so that the fixture in {@code
   * ns} stays as {@link #start} made it whatever order the tests run in.
   */
  private String scratchNamespace(String purpose) {
    String namespace = ns + "-" + purpose;
    KubeObjects.namespace(alpha, namespace);
    return namespace;
  }

  private void assertError(int status, String query, String mentions) {
    Api.Response r = api.get(query);
    assertEquals(status, r.status(), query + " -> " + r.body());
    JsonObject body = r.json();
    assertTrue(
        body.getString("error") != null && body.getString("message").contains(mentions),
        query + " -> " + r.body());
  }

  @Test
  void inventoryFilters() {
    assertEquals(9, names("cluster=alpha&kind=ConfigMap").size());
    assertEquals(11, names("cluster=alpha&cluster=beta&apiVersion=v1&kind=CONFIGMAP").size());
    assertEquals(2, names("cluster=beta&group=&resource=configmaps").size());
    assertEquals(Set.of("alpha/web-0", "beta/web-0"), names("kind=ConfigMap&name=web-0"));
    assertEquals(7, names("kind=ConfigMap&labelSelector=tier%3Dweb").size());
    assertEquals(7, names("kind=ConfigMap&labelSelector=tier%3D%3Dweb").size());
    assertEquals(
        Set.of("alpha/api-0", "alpha/api-1", "alpha/api-2", "beta/plain"),
        names("kind=ConfigMap&labelSelector=tier!%3Dweb"));
    assertEquals(10, names("kind=ConfigMap&labelSelector=" + Api.q("tier in (web, api)")).size());
    assertEquals(
        Set.of("beta/plain"),
        names("kind=ConfigMap&labelSelector=" + Api.q("tier notin (web,api)")));
    assertEquals(3, names("kind=ConfigMap&labelSelector=canary").size());
    assertEquals(8, names("kind=ConfigMap&labelSelector=!canary").size());
    assertEquals(
        Set.of("alpha/web-1"),
        names("kind=ConfigMap&labelSelector=" + Api.q("tier=web,idx in (i1)")));
    assertEquals(
        Set.of("alpha/web-3"), names("kind=ConfigMap&q=I3"), "q matches a label value, any case");
    assertEquals(3, names("kind=ConfigMap&q=api-").size(), "q matches a name substring");
    assertEquals(
        11, names("kind=ConfigMap&q=" + ns.substring(3)).size(), "q matches the namespace");
    assertTrue(names("kind=ConfigMap&q=%25").isEmpty(), "% is a literal, not a wildcard");
    assertTrue(names("kind=NoSuchKind").isEmpty());
    JsonObject one =
        api.items(
                "/api/v1/objects?cluster=beta&kind=ConfigMap&name=plain&full=true&namespace=" + ns)
            .getJsonObject(0);
    assertEquals("0", one.getJsonObject("object").getJsonObject("data").getString("v"));
    assertEquals("v1", one.getString("apiVersion"));
    assertEquals(ns, one.getString("namespace"));
    List<String> byName =
        api.items("/api/v1/objects?kind=ConfigMap&sort=name&namespace=" + ns).stream()
            .map(JsonObject.class::cast)
            .map(o -> o.getString("name"))
            .toList();
    assertEquals(byName.stream().sorted().toList(), byName, "sort=name");
    List<Long> byChange =
        api.items("/api/v1/objects?kind=ConfigMap&sort=-lastChange&namespace=" + ns).stream()
            .map(JsonObject.class::cast)
            .map(o -> o.getLong("seq"))
            .toList();
    assertEquals(
        byChange.stream().sorted(java.util.Comparator.reverseOrder()).toList(),
        byChange,
        "sort=-lastChange");
    JsonObject firstPage =
        api.get("/api/v1/objects?kind=ConfigMap&sort=-lastChange&limit=4&namespace=" + ns).json();
    JsonArray secondPage =
        api.items(
            "/api/v1/objects?kind=ConfigMap&sort=-lastChange&limit=4&namespace="
                + ns
                + "&continue="
                + firstPage.getString("continue"));
    assertEquals(
        byChange.subList(4, 8),
        secondPage.stream().map(JsonObject.class::cast).map(o -> o.getLong("seq")).toList(),
        "pages continue in the same order");
    JsonObject namespaceObject =
        api.items("/api/v1/objects?cluster=beta&kind=Namespace&name=" + ns).getJsonObject(0);
    assertNull(namespaceObject.getValue("namespace"), "cluster-scoped kinds have a null namespace");
  }

  @Test
  void paginationNeitherSkipsNorRepeatsWhileObjectsChange() {
    String pns = scratchNamespace("paging");
    for (String name : List.of("api-0", "api-1", "api-2", "web-0", "web-5")) {
      alpha.configMaps().resource(labeled(pns, name, Map.of("tier", "web"))).create();
    }
    KubeObjects.namespace(beta, pns);
    beta.configMaps().resource(labeled(pns, "web-0", Map.of())).create();
    beta.configMaps().resource(labeled(pns, "plain", Map.of())).create();
    Api.await(
        "7 ConfigMaps stored",
        WAIT,
        () -> api.items("/api/v1/objects?kind=configmap&namespace=" + pns),
        a -> a.size() == 7);
    Set<String> seen = new HashSet<>();
    List<String> order = new ArrayList<>();
    String cont = null;
    int pages = 0;
    do {
      JsonObject page =
          api.get(
                  "/api/v1/objects?kind=ConfigMap&limit=2&namespace="
                      + pns
                      + (cont == null ? "" : "&continue=" + cont))
              .json();
      for (Object o : page.getJsonArray("items")) {
        JsonObject obj = (JsonObject) o;
        String id = obj.getString("cluster") + "/" + obj.getString("name");
        assertTrue(seen.add(id), "repeated " + id);
        order.add(id);
      }
      cont = page.getString("continue");
      if (pages++ == 1) {
        // Churn between pages: a new object and a changed one; the existing set must still come
        // once each.
        alpha
            .configMaps()
            .resource(labeled(pns, "aaa-new-" + System.nanoTime(), Map.of()))
            .create();
        alpha
            .configMaps()
            .resource(labeled(pns, "web-5", Map.of("tier", "web", "idx", "changed")))
            .update();
      }
    } while (cont != null);
    for (String id :
        List.of(
            "alpha/api-0",
            "alpha/api-1",
            "alpha/api-2",
            "alpha/web-0",
            "alpha/web-5",
            "beta/plain",
            "beta/web-0")) {
      assertTrue(seen.contains(id), "skipped " + id + " in " + order);
    }
  }

  @Test
  void oneObjectHistoryAndAsOf() throws Exception {
    String hns = scratchNamespace("history");
    String name = "history-" + System.nanoTime();
    alpha.configMaps().resource(labeled(hns, name, Map.of("step", "0"))).create();
    for (int i = 1; i <= 3; i++) {
      ConfigMap cm = labeled(hns, name, Map.of("step", String.valueOf(i)));
      cm.setData(Map.of("v", String.valueOf(i), "extra" + i, "x"));
      alpha.configMaps().resource(cm).update();
    }
    String object =
        "/api/v1/object?cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
            + hns
            + "&name="
            + name;
    Api.await(
        "last version stored",
        WAIT,
        () -> api.get(object),
        r -> r.status() == 200 && r.json().getJsonObject("labels").getString("step").equals("3"));
    Instant beforeDelete = Instant.now();
    String history =
        "/api/v1/history?cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
            + hns
            + "&name="
            + name
            + "&bookkeeping=true"; // with it, the patches rebuild each version exactly
    JsonArray entries = api.items(history);
    assertEquals(
        List.of("ADDED", "MODIFIED", "MODIFIED", "MODIFIED"),
        entries.stream().map(JsonObject.class::cast).map(e -> e.getString("type")).toList());
    assertNull(entries.getJsonObject(0).getValue("patch"));
    JsonMapper json = JsonMapper.builder().build();
    JsonNode rebuilt = json.readTree(entries.getJsonObject(0).getJsonObject("object").encode());
    for (int i = 1; i < entries.size(); i++) {
      rebuilt =
          JsonPatch.apply(
              json.readTree(entries.getJsonObject(i).getJsonArray("patch").encode()), rebuilt);
      assertEquals(
          json.readTree(entries.getJsonObject(i).getJsonObject("object").encode()),
          rebuilt,
          "patch " + i + " rebuilds version " + i);
    }
    String uid = entries.getJsonObject(0).getString("uid");
    assertEquals(4, api.items("/api/v1/history?uid=" + uid).size());
    JsonObject paged =
        api.get(history + "&limit=2&after=" + entries.getJsonObject(0).getLong("seq")).json();
    assertEquals(2, paged.getJsonArray("items").size());
    assertTrue(
        paged.getJsonArray("items").getJsonObject(0).getJsonArray("patch") != null,
        "a later page still has the patch of its first entry");

    alpha.configMaps().inNamespace(hns).withName(name).delete();
    Api.await("deletion stored", WAIT, () -> api.get(object).status(), s -> s == 404);
    assertError(404, object, "no ConfigMap");
    JsonObject asOf = api.get(object + "&asOf=" + beforeDelete).json();
    assertEquals(
        "3", asOf.getJsonObject("labels").getString("step"), "asOf before the deletion finds it");
    assertEquals("3", asOf.getJsonObject("object").getJsonObject("data").getString("v"));
    assertEquals(
        404,
        api.get(object + "&asOf=" + Instant.now()).status(),
        "asOf after the deletion does not");
    assertTrue(
        names(hns, "kind=ConfigMap&name=" + name + "&asOf=" + beforeDelete)
            .contains("alpha/" + name));
    assertFalse(
        names(hns, "kind=ConfigMap&name=" + name + "&asOf=" + Instant.now())
            .contains("alpha/" + name));
    assertTrue(
        names(hns, "kind=ConfigMap&labelSelector=step%3D3&asOf=" + beforeDelete)
            .contains("alpha/" + name));
    assertTrue(
        names(hns, "kind=ConfigMap&name=" + name + "&includeDeleted=true")
            .contains("alpha/" + name));
    assertEquals(404, api.get(object.replace(name, "never-existed")).status());
  }

  @Test
  void changesPagesAndTimeWindows() {
    JsonArray all = api.changes("limit=1000&kind=ConfigMap&namespace=" + ns);
    assertTrue(all.size() >= 11);
    long first = all.getJsonObject(0).getLong("seq");
    // Pages of 3: each at most 3 entries, the cursor never skipping one, together the same journal.
    JsonArray paged = new JsonArray();
    String after = "0";
    while (after != null) {
      JsonObject page =
          api.get("/api/v1/changes?limit=3&kind=ConfigMap&namespace=" + ns + "&after=" + after)
              .json();
      assertTrue(page.getJsonArray("items").size() <= 3);
      page.getJsonArray("items").forEach(paged::add);
      after = page.getValue("next") == null ? null : String.valueOf(page.getLong("next"));
    }
    long last = all.getJsonObject(all.size() - 1).getLong("seq");
    assertEquals(
        all,
        new JsonArray(paged.stream().filter(e -> ((JsonObject) e).getLong("seq") <= last).toList()),
        "the pages hold the same entries (later ones may have arrived since)");
    assertTrue(api.changes("type=DELETED&kind=ConfigMap&cluster=beta&namespace=" + ns).isEmpty());
    assertEquals(2, api.changes("cluster=beta&type=added&kind=ConfigMap&namespace=" + ns).size());
    String at = all.getJsonObject(0).getString("observedAt");
    assertTrue(
        api.changes("kind=ConfigMap&namespace=" + ns + "&until=" + at).isEmpty(),
        "until is exclusive");
    assertEquals(
        first,
        api.changes("kind=ConfigMap&namespace=" + ns + "&since=" + at)
            .getJsonObject(0)
            .getLong("seq"),
        "since is inclusive");
  }

  @Test
  void countsAnswerWhereAKindRuns() {
    JsonObject counts = api.get("/api/v1/counts?by=cluster,kind").json();
    Map<String, Long> configMaps =
        counts.getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getString("kind").equals("ConfigMap"))
            .collect(Collectors.toMap(r -> r.getString("cluster"), r -> r.getLong("objects")));
    assertTrue(configMaps.get("alpha") >= 9 && configMaps.get("beta") >= 2, configMaps.toString());
    JsonArray byNamespace = api.items("/api/v1/counts?by=namespace,kind&cluster=beta");
    assertTrue(
        byNamespace.stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                r ->
                    ns.equals(r.getString("namespace"))
                        && r.getString("kind").equals("ConfigMap")
                        && r.getLong("objects") == 2));
  }

  @Test
  void watchStreamResumesAfterADroppedConnectionWithNoGap() throws Exception {
    String wns = scratchNamespace("watch");
    long start = latestSeq();
    HttpClient http = HttpClient.newHttpClient();
    String url =
        "http://127.0.0.1:" + aggregator.port() + "/api/v1/watch?kind=ConfigMap&namespace=" + wns;
    List<Long> received = new ArrayList<>();
    List<String> names = new ArrayList<>();
    // First connection: read three events, then drop it.
    HttpResponse<InputStream> first =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "&after=" + start)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(
        "text/event-stream; charset=utf-8", first.headers().firstValue("content-type").orElse(""));
    for (int i = 0; i < 6; i++) {
      alpha.configMaps().resource(labeled(wns, "sse-" + i, Map.of())).create();
    }
    ServerSentEvents.read(first.body(), 3, received, names);
    first.body().close();
    // Second connection resumes from the last id it saw.
    HttpResponse<InputStream> second =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Last-Event-ID", String.valueOf(received.get(received.size() - 1)))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    ServerSentEvents.read(second.body(), 3, received, names);
    second.body().close();
    assertEquals(List.of("sse-0", "sse-1", "sse-2", "sse-3", "sse-4", "sse-5"), names);
    for (int i = 1; i < received.size(); i++) {
      assertTrue(received.get(i) > received.get(i - 1), "ids ascend: " + received);
    }
    JsonArray journal = api.changes("kind=ConfigMap&namespace=" + wns + "&after=" + start);
    assertEquals(
        journal.stream().map(JsonObject.class::cast).map(e -> e.getLong("seq")).toList(),
        received,
        "the stream delivered exactly the journal, no gap");
    assertEquals(
        400,
        http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Last-Event-ID", "x").build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode());
  }

  private long latestSeq() {
    long after = 0;
    while (true) {
      JsonObject page = api.get("/api/v1/changes?limit=1000&after=" + after).json();
      if (page.getValue("next") == null) {
        JsonArray items = page.getJsonArray("items");
        return items.isEmpty() ? after : items.getJsonObject(items.size() - 1).getLong("seq");
      }
      after = page.getLong("next");
    }
  }

  @Test
  void badInputGetsAClear4xx() {
    assertError(400, "/api/v1/objects?labelSelector=" + Api.q("tier in web"), "labelSelector");
    assertError(400, "/api/v1/objects?labelSelector=" + Api.q("a==b==c"), "labelSelector");
    assertError(400, "/api/v1/objects?asOf=yesterday", "asOf");
    assertError(400, "/api/v1/objects?limit=0", "limit");
    assertError(400, "/api/v1/objects?limit=1001", "limit");
    assertError(400, "/api/v1/objects?limit=ten", "limit");
    assertError(400, "/api/v1/objects?continue=garbage", "continue");
    assertError(400, "/api/v1/objects?apiVersion=a/b/c", "apiVersion");
    assertError(400, "/api/v1/objects?sort=size", "sort");
    assertError(400, "/api/v1/objects?colour=blue", "colour");
    assertError(400, "/api/v1/counts?by=colour", "by");
    assertError(400, "/api/v1/changes?type=UPSERTED", "type");
    assertError(
        400, "/api/v1/changes?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until");
    assertError(400, "/api/v1/changes?after=-1", "after");
    assertError(400, "/api/v1/object?cluster=alpha&kind=ConfigMap&name=x", "apiVersion");
    assertError(
        404,
        "/api/v1/history?cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace=x&name=nope",
        "history");
    assertError(404, "/api/v1/nothing-here", "no such endpoint");
    assertError(400, "/api/v1/objects?name=" + "x".repeat(2000), "name");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    // What it says is kept true by web/OpenApiDocumentTest; here: it is served, over this store.
    Api.Response doc = api.get("/api/v1/openapi.yaml");
    assertEquals(200, doc.status());
    assertTrue(doc.body().startsWith("openapi: 3.0.3"), doc.body().lines().findFirst().orElse(""));
    assertTrue(doc.body().contains("/api/v1/objects:"));
  }
}
