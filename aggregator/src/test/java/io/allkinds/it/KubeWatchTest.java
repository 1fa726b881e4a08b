package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Kubectl;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestBinaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches of the Kubernetes API over the store, by real clients of a cluster synced from a real API
 * server: {@code kubectl get -w} sees a change made on the real cluster (and only what its selector
 * takes), a watch of the {@code /at/{instant}} root replays the changes since the instant, the
 * fabric8 client's informer lists and watches a custom resource's objects, and the raw protocol
 * holds: a list's resourceVersion continues without a gap, events carry journal positions, initial
 * events end with a bookmark, a position retention pruned is 410 Expired.
 */
@ExtendWith(SharedClusters.class)
class KubeWatchTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  /** The aggregator's {@code store:} block: an H2 file here, PostgreSQL in a subclass. */
  String storeYaml() throws Exception {
    return "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n";
  }

  @Test
  void kubectlAndClientsWatchTheStore(SharedClusters.Clusters shared) throws Exception {
    Optional<Path> binary = TestBinaries.kubectl();
    Assumptions.assumeTrue(
        binary.isPresent(), "kubectl is not installed: run deploy/test-env/install.sh");
    String ns = "watch-" + System.nanoTime();
    String group = "w" + System.nanoTime() + ".allkinds.test";
    String yaml =
        Configs.config(Configs.cluster("alpha", shared.alpha().adminKubeconfig()), storeYaml());
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      KubeObjects.namespace(client, ns);
      String crd = KubeObjects.crd(client, group, "widgets", "Widget", WAIT);
      try {
        client.configMaps().inNamespace(ns).resource(labelled(ns, "w1", "w")).create();
        client.configMaps().inNamespace(ns).resource(labelled(ns, "x1", "x")).create();
        widgets(client, group).inNamespace(ns).resource(widget(group, ns, "wd1", 1)).create();
        try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
          watches(client, aggregator, binary.get(), ns, group);
        }
      } finally {
        // The clusters are shared: another run's CRD must not answer to this one's names.
        client.apiextensions().v1().customResourceDefinitions().withName(crd).delete();
      }
    }
  }

  private void watches(
      KubernetesClient client, Aggregator aggregator, Path binary, String ns, String group)
      throws Exception {
    String root = "http://127.0.0.1:" + aggregator.port() + "/k8s/clusters/alpha";
    String list = root + "/api/v1/namespaces/" + ns + "/configmaps";
    awaitItems("the ConfigMaps stored", list, Set.of("w1", "x1"));
    awaitItems(
        "the Widget stored",
        root + "/apis/" + group + "/v1/namespaces/" + ns + "/widgets",
        Set.of("wd1"));
    Instant instant = Instant.now();
    Path kubeconfig =
        Kubectl.kubeconfig(
            tmp.resolve("kubeconfig"),
            null,
            List.of("now", "past"),
            List.of(root, root + "/at/" + instant));
    Kubectl kubectl = new Kubectl(binary, kubeconfig, tmp);

    String listed = get(list).json().getJsonObject("metadata").getString("resourceVersion");
    try (Kubectl.Running watch =
            kubectl.start("get", "cm", "-n", ns, "-l", "app=w", "-w", "--output-watch-events");
        RawWatch raw = RawWatch.open(http, list + "?watch=1&resourceVersion=" + listed)) {
      watch.awaitLine("kubectl's initial ADDED w1", WAIT, l -> l.matches("ADDED\\s+w1\\s+1\\s.*"));
      ConfigMap w1 = client.configMaps().inNamespace(ns).withName("w1").get();
      w1.getData().put("more", "yes");
      client.configMaps().inNamespace(ns).resource(w1).update();
      ConfigMap x1 = client.configMaps().inNamespace(ns).withName("x1").get();
      x1.getData().put("more", "yes");
      client.configMaps().inNamespace(ns).resource(x1).update();
      watch.awaitLine(
          "kubectl -w printing the change made on the real cluster",
          WAIT,
          l -> l.matches("MODIFIED\\s+w1\\s+2\\s.*"));
      client.configMaps().inNamespace(ns).withName("w1").delete();
      watch.awaitLine(
          "kubectl -w printing the deletion", WAIT, l -> l.matches("DELETED\\s+w1\\s.*"));
      raw.await("the raw watch's DELETED w1", e -> isEvent(e, "DELETED", "w1"));
      assertTrue(
          watch.lines().stream().noneMatch(l -> l.contains("x1")),
          "the label selector keeps x1 out: " + watch.lines());

      // The raw watch from the list's resourceVersion: every change after it, in journal order,
      // each carrying its journal position as its resourceVersion.
      List<JsonObject> events = raw.events();
      assertEquals(
          List.of("MODIFIED w1", "MODIFIED x1", "DELETED w1"),
          events.stream().map(KubeWatchTest::describe).toList(),
          "events after the list's resourceVersion: " + events);
      long previous = Long.parseLong(listed);
      for (JsonObject e : events) {
        long rv = Long.parseLong(resourceVersion(e));
        assertTrue(rv > previous, "journal positions increase: " + events);
        previous = rv;
      }

      // kube-apiserver's rules for a selector: an object that comes to match is ADDED, one that
      // stops matching is DELETED.
      relabel(client, ns, "x1", "w");
      watch.awaitLine("x1 coming to match app=w", WAIT, l -> l.matches("ADDED\\s+x1\\s.*"));
      relabel(client, ns, "x1", "x");
      watch.awaitLine("x1 no longer matching", WAIT, l -> l.matches("DELETED\\s+x1\\s.*"));
    }

    // The past root: the ConfigMaps as of the instant, then every change after it, replayed.
    try (Kubectl.Running past =
        kubectl.start("--context", "past", "get", "cm", "-n", ns, "-w", "--output-watch-events")) {
      past.awaitLine("the past's w1 as it stood", WAIT, l -> l.matches("ADDED\\s+w1\\s+1\\s.*"));
      past.awaitLine(
          "the change after the instant", WAIT, l -> l.matches("MODIFIED\\s+w1\\s+2\\s.*"));
      past.awaitLine("the deletion after the instant", WAIT, l -> l.matches("DELETED\\s+w1\\s.*"));
    }

    rawProtocol(list);
    informer(client, root, ns, group);
  }

  /** What kubectl does not show: initial events, bookmarks, bad parameters. */
  private void rawProtocol(String list) throws Exception {
    try (RawWatch initial =
        RawWatch.open(
            http,
            list
                + "?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&labelSelector=app%3Dx"
                + "&resourceVersionMatch=NotOlderThan")) {
      JsonObject end =
          initial.await(
              "the bookmark ending the initial events",
              e -> e.getString("type").equals("BOOKMARK"));
      assertEquals(
          "true",
          end.getJsonObject("object")
              .getJsonObject("metadata")
              .getJsonObject("annotations")
              .getString("k8s.io/initial-events-end"));
      assertEquals(
          List.of("ADDED x1", "BOOKMARK null"),
          initial.events().stream().map(KubeWatchTest::describe).toList());
    }
    Api.Response bad = get(list + "?watch=1&resourceVersion=abc");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("BadRequest", bad.json().getString("reason"));
    Api.Response timedOut = get(list + "?watch=1&timeoutSeconds=1&resourceVersion=1");
    assertEquals(200, timedOut.status(), "a watch ends at its timeoutSeconds: " + timedOut.body());
  }

  /** fabric8's informer, pointed at the store's root, lists and watches a custom resource. */
  private void informer(KubernetesClient real, String root, String ns, String group)
      throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient store =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(root).withNamespace(ns).build())
                .build();
        SharedIndexInformer<GenericKubernetesResource> informer =
            widgets(store, group)
                .inNamespace(ns)
                .inform(
                    new ResourceEventHandler<>() {
                      @Override
                      public void onAdd(GenericKubernetesResource w) {
                        seen.add("add " + w.getMetadata().getName());
                      }

                      @Override
                      public void onUpdate(
                          GenericKubernetesResource before, GenericKubernetesResource after) {
                        seen.add("update " + after.getMetadata().getName() + " " + size(after));
                      }

                      @Override
                      public void onDelete(GenericKubernetesResource w, boolean unknown) {
                        seen.add("delete " + w.getMetadata().getName());
                      }
                    })) {
      assertEquals(
          List.of("wd1"),
          widgets(store, group).inNamespace(ns).list().getItems().stream()
              .map(w -> w.getMetadata().getName())
              .toList(),
          "fabric8 lists the Widgets the store holds");
      Api.await(
          "the informer's first list", WAIT, () -> List.copyOf(seen), s -> s.contains("add wd1"));
      widgets(real, group).inNamespace(ns).resource(widget(group, ns, "wd2", 2)).create();
      GenericKubernetesResource wd1 = widgets(real, group).inNamespace(ns).withName("wd1").get();
      wd1.setAdditionalProperty("spec", Map.of("size", 5));
      widgets(real, group).inNamespace(ns).resource(wd1).update();
      widgets(real, group).inNamespace(ns).withName("wd2").delete();
      try {
        Api.await(
            "the informer receiving the changes made on the real cluster",
            WAIT,
            () -> List.copyOf(seen),
            s -> s.contains("add wd2") && s.contains("update wd1 5") && s.contains("delete wd2"));
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "; the store's events: "
                + get(root
                        + "/apis/"
                        + group
                        + "/v1/namespaces/"
                        + ns
                        + "/widgets?watch=1&resourceVersion=1&timeoutSeconds=2")
                    .body()
                + "; changes: "
                + get(root.replaceAll("/k8s/.*", "") + "/api/v1/changes?kind=Widget").body(),
            e);
      }
      assertTrue(informer.isWatching(), "the informer's watch is open");
    }
    assertFalse(seen.contains("delete wd1"), "nothing deleted wd1: " + seen);
  }

  @Test
  void aWatchFromAPrunedPositionIsToldToListAgain(SharedClusters.Clusters shared) throws Exception {
    String yaml =
        Configs.config(Configs.cluster("alpha", shared.alpha().adminKubeconfig()), storeYaml())
            + "retention:\n  maxJournalEntries: 1\n  intervalSeconds: 10\n";
    try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
      String list =
          "http://127.0.0.1:" + aggregator.port() + "/k8s/clusters/alpha/api/v1/configmaps";
      Api.Response expired =
          Api.await(
              "retention pruning the journal's first entries",
              WAIT,
              () -> get(list + "?watch=1&timeoutSeconds=2&resourceVersion=1"),
              r -> r.status() == 200 && r.body().contains("\"ERROR\""));
      JsonObject status = new JsonObject(expired.body().lines().findFirst().orElseThrow());
      assertEquals("ERROR", status.getString("type"));
      JsonObject object = status.getJsonObject("object");
      assertEquals(410, object.getInteger("code"));
      assertEquals("Expired", object.getString("reason"));
      assertTrue(object.getString("message").startsWith("too old resource version: 1 ("));
    }
  }

  private static void relabel(KubernetesClient client, String ns, String name, String app) {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    cm.getMetadata().getLabels().put("app", app);
    client.configMaps().inNamespace(ns).resource(cm).update();
  }

  private static boolean isEvent(JsonObject e, String type, String name) {
    return describe(e).equals(type + " " + name);
  }

  private static String describe(JsonObject e) {
    return e.getString("type")
        + " "
        + e.getJsonObject("object").getJsonObject("metadata").getString("name");
  }

  private static String resourceVersion(JsonObject e) {
    return e.getJsonObject("object").getJsonObject("metadata").getString("resourceVersion");
  }

  private static Object size(GenericKubernetesResource w) {
    Object spec = w.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m ? m.get("size") : null;
  }

  private static ConfigMap labelled(String ns, String name, String app) {
    ConfigMap cm = KubeObjects.configMap(ns, name, "value-of-" + name);
    cm.getMetadata().setLabels(Map.of("app", app));
    return cm;
  }

  private static MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets(KubernetesClient client, String group) {
    return client.genericKubernetesResources(group + "/v1", "Widget");
  }

  private static GenericKubernetesResource widget(String group, String ns, String name, int size) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(group + "/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", size))
        .build();
  }

  private void awaitItems(String what, String list, Set<String> names) {
    Api.await(
        what,
        WAIT,
        () -> get(list),
        r ->
            r.status() == 200
                && r.json().getJsonArray("items").stream()
                    .map(i -> ((JsonObject) i).getJsonObject("metadata").getString("name"))
                    .filter(n -> !n.equals("kube-root-ca.crt"))
                    .collect(Collectors.toSet())
                    .equals(names));
  }

  private Api.Response get(String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Api.Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A watch read line by line as it streams; closing it closes the connection. */
  private static final class RawWatch implements AutoCloseable {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;
    private final Thread reader;

    private RawWatch(Stream<String> lines) {
      this.lines = lines;
      this.reader =
          new Thread(
              () -> {
                try {
                  lines.forEach(l -> events.add(new JsonObject(l)));
                } catch (RuntimeException closed) {
                  // the test closed the watch
                }
              },
              "raw-watch");
      reader.setDaemon(true);
      reader.start();
    }

    static RawWatch open(HttpClient http, String url) throws Exception {
      HttpResponse<Stream<String>> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, r.statusCode(), url);
      return new RawWatch(r.body());
    }

    List<JsonObject> events() {
      return List.copyOf(events);
    }

    JsonObject await(String what, java.util.function.Predicate<JsonObject> test) {
      return Api.await(what, WAIT, this::events, es -> es.stream().anyMatch(test)).stream()
          .filter(test)
          .findFirst()
          .orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
      lines.close();
      reader.join(10_000);
    }
  }
}
