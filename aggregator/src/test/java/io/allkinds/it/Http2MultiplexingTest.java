package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.ProcessSockets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections do not grow with types or contexts: four kubeconfig contexts with the same
 * credentials on one real API server, each watching its built-in types and twenty CRDs, share one
 * client whose lists and watches are HTTP/2 streams of one or two TCP connections; changes still
 * arrive through every watch; and after the API server is killed and restarted, connections and
 * threads come back to where they were.
 */
class Http2MultiplexingTest {

  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final int CONTEXTS = 4;
  private static final int CRDS = 20;
  private static final int MOST_CONNECTIONS = 2;
  private static final int THREAD_TOLERANCE = 6;

  @TempDir Path tmp;

  private static String group(int i) {
    return "g" + i + ".h2.allkinds.test";
  }

  private static CustomResourceDefinition crd(int i) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("gadgets." + group(i))
        .endMetadata()
        .withNewSpec()
        .withGroup(group(i))
        .withScope("Namespaced")
        .withNewNames()
        .withPlural("gadgets")
        .withSingular("gadget")
        .withKind("Gadget")
        .withListKind("GadgetList")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource gadget(int i, String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(group(i) + "/v1")
        .withKind("Gadget")
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", 1)))
        .build();
  }

  /** How many of a cluster's types are watching, out of how many. */
  private record Watching(long watching, int types) {
    boolean all(int atLeast) {
      return watching == types && types >= atLeast;
    }

    @Override
    public String toString() {
      return watching + "/" + types;
    }
  }

  private static Map<String, Watching> watchingTypes(Api api, List<String> clusters) {
    Map<String, Watching> out = new TreeMap<>();
    for (String c : clusters) {
      var types = api.items("/api/v1/resource-types?cluster=" + c);
      long watching =
          types.stream()
              .map(JsonObject.class::cast)
              .filter(t -> "watching".equals(t.getString("state")))
              .count();
      out.put(c, new Watching(watching, types.size()));
    }
    return out;
  }

  private static boolean allWatching(Map<String, Watching> m, int atLeast) {
    return m.values().stream().allMatch(w -> w.all(atLeast));
  }

  /** Clusters that have stored the Gadget {@code name} of group {@code i}. */
  private static List<String> clustersWith(Api api, List<String> clusters, int i, String name) {
    List<String> out = new ArrayList<>();
    for (String c : clusters) {
      boolean found =
          api.items("/api/v1/objects?cluster=" + c + "&kind=Gadget&namespace=default").stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  o -> o.getString("group").equals(group(i)) && o.getString("name").equals(name));
      if (found) {
        out.add(c);
      }
    }
    return out;
  }

  private record Figures(int connections, int threads, int descriptors) {
    static Figures of(long pid, int port) {
      try {
        return new Figures(
            ProcessSockets.established(pid, port),
            ProcessSockets.threads(pid),
            ProcessSockets.descriptors(pid));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void watchesOfEveryTypeAndContextShareOneConnectionAndComeBackAfterARestart() throws Exception {
    try (KubeCluster server = KubeCluster.start("h2mux", true)) {
      int port = URI.create(server.server()).getPort();
      try (KubernetesClient admin = KubeObjects.client(server.adminKubeconfig())) {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        for (int i = 0; i < CRDS; i++) {
          crds.resource(crd(i)).create();
        }
        for (int i = 0; i < CRDS; i++) {
          KubeObjects.awaitEstablished(admin, "gadgets." + group(i), Duration.ofSeconds(60));
        }

        List<String> clusters = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (int c = 0; c < CONTEXTS; c++) {
          String name = "ctx-" + c;
          clusters.add(name);
          yaml.append(Configs.cluster(name, server.adminKubeconfig()));
        }
        Path config = tmp.resolve("allkinds.yaml");
        Files.writeString(config, Configs.config(tmp, yaml.toString()));

        try (ChildAggregator aggregator =
            ChildAggregator.start(config, tmp.resolve("aggregator.log"))) {
          Api api = aggregator.api();
          long pid = aggregator.pid();
          Map<String, Watching> types =
              Api.await(
                  "every type of every context watching",
                  WAIT,
                  () -> watchingTypes(api, clusters),
                  m -> allWatching(m, CRDS + 20));
          Figures synced = Figures.of(pid, port);
          System.out.printf(
              "Http2MultiplexingTest: %d contexts x types %s on one API server: %d established"
                  + " connections to it, %d threads, %d descriptors%n",
              CONTEXTS, types, synced.connections(), synced.threads(), synced.descriptors());
          assertTrue(
              synced.connections() >= 1 && synced.connections() <= MOST_CONNECTIONS,
              "connections to the API server with "
                  + types
                  + " watching: "
                  + synced.connections()
                  + " (not one per type or per context)");

          admin
              .genericKubernetesResources(group(7) + "/v1", "Gadget")
              .resource(gadget(7, "after-sync"))
              .create();
          Api.await(
              "the Gadget created after the sync seen by every context",
              WAIT,
              () -> clustersWith(api, clusters, 7, "after-sync"),
              l -> l.size() == CONTEXTS);

          server.killApiServer();
          Api.await(
              "the aggregator noticing the API server is gone",
              WAIT,
              () -> Figures.of(pid, port).connections(),
              n -> n == 0);
          server.startApiServer();
          Api.await(
              "every type of every context watching again",
              WAIT,
              () -> watchingTypes(api, clusters),
              m -> allWatching(m, CRDS + 20));
          Figures back =
              Api.await(
                  "connections and threads back to where they were",
                  WAIT,
                  () -> Figures.of(pid, port),
                  f ->
                      f.connections() >= 1
                          && f.connections() <= synced.connections()
                          && f.threads() <= synced.threads() + THREAD_TOLERANCE);
          System.out.printf(
              "Http2MultiplexingTest: after the API server restarted: %d connections, %d threads,"
                  + " %d descriptors%n",
              back.connections(), back.threads(), back.descriptors());

          admin
              .genericKubernetesResources(group(13) + "/v1", "Gadget")
              .resource(gadget(13, "after-restart"))
              .create();
          Api.await(
              "the Gadget created after the restart seen by every context",
              WAIT,
              () -> clustersWith(api, clusters, 13, "after-restart"),
              l -> l.size() == CONTEXTS);
        }
      }
    }
  }
}
