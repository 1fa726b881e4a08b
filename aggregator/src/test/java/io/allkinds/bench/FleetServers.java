package io.allkinds.bench;

import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A few real API servers for the fleet benchmark, each with a CRD and a few hundred objects, and
 * one kubeconfig whose contexts are spread over them round-robin.
 */
final class FleetServers implements AutoCloseable {

  static final String GROUP = "fleet.allkinds.io";
  private static final String NAMESPACE = "fleet";

  private final List<KubeCluster> servers = new ArrayList<>();

  /** Starts {@code count} API servers (one after the other) and fills each with {@code objects}. */
  static FleetServers start(int count, int objects) throws Exception {
    FleetServers fleet = new FleetServers();
    try {
      for (int i = 0; i < count; i++) {
        long t0 = System.nanoTime();
        KubeCluster server = KubeCluster.start("fleet" + i, true);
        fleet.servers.add(server);
        populate(server, objects);
        System.out.printf(
            "API server %s at %s: a CRD and %d objects, up in %.1f s%n",
            server.name(), server.server(), objects, (System.nanoTime() - t0) / 1e9);
      }
      return fleet;
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
  }

  List<KubeCluster> servers() {
    return servers;
  }

  /** The TCP port of each server's API, in start order. */
  List<Integer> ports() {
    return servers.stream().map(s -> URI.create(s.server()).getPort()).toList();
  }

  /**
   * Writes a kubeconfig with contexts {@code ctx-0 .. ctx-(n-1)}, context i on server {@code i %
   * servers} as cluster-admin.
   */
  Path kubeconfig(Path dir, int n) throws IOException {
    StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    for (KubeCluster s : servers) {
      y.append("- name: ").append(s.name()).append("\n  cluster:\n    server: ");
      y.append(s.server()).append("\n    insecure-skip-tls-verify: true\n");
    }
    y.append("users:\n");
    for (KubeCluster s : servers) {
      y.append("- name: admin-").append(s.name()).append("\n  user:\n    token: ");
      y.append(s.adminToken()).append('\n');
    }
    y.append("contexts:\n");
    for (int i = 0; i < n; i++) {
      KubeCluster s = servers.get(i % servers.size());
      y.append("- name: ctx-").append(i).append("\n  context:\n    cluster: ").append(s.name());
      y.append("\n    user: admin-").append(s.name()).append('\n');
    }
    y.append("current-context: ctx-0\n");
    Path file = dir.resolve("fleet-kubeconfig.yaml");
    Files.writeString(file, y);
    return file;
  }

  private static void populate(KubeCluster server, int objects) {
    try (KubernetesClient client = KubeObjects.client(server.adminKubeconfig())) {
      KubeObjects.namespace(client, NAMESPACE);
      var crds = client.apiextensions().v1().customResourceDefinitions();
      crds.resource(
              new CustomResourceDefinitionBuilder()
                  .withNewMetadata()
                  .withName("widgets." + GROUP)
                  .endMetadata()
                  .withNewSpec()
                  .withGroup(GROUP)
                  .withScope("Namespaced")
                  .withNewNames()
                  .withPlural("widgets")
                  .withSingular("widget")
                  .withKind("Widget")
                  .withListKind("WidgetList")
                  .endNames()
                  .withVersions(
                      new CustomResourceDefinitionVersionBuilder()
                          .withName("v1")
                          .withServed(true)
                          .withStorage(true)
                          .withNewSchema()
                          .withNewOpenAPIV3Schema()
                          .withType("object")
                          .withXKubernetesPreserveUnknownFields(true)
                          .endOpenAPIV3Schema()
                          .endSchema()
                          .build())
                  .endSpec()
                  .build())
          .create();
      KubeObjects.awaitEstablished(client, "widgets." + GROUP, Duration.ofSeconds(60));
      String payload = "x".repeat(200);
      for (int i = 0; i < objects; i++) {
        if (i % 2 == 0) {
          client
              .genericKubernetesResources(GROUP + "/v1", "Widget")
              .resource(
                  new GenericKubernetesResourceBuilder()
                      .withApiVersion(GROUP + "/v1")
                      .withKind("Widget")
                      .withNewMetadata()
                      .withNamespace(NAMESPACE)
                      .withName("w-" + i)
                      .withLabels(Map.of("app", "fleet"))
                      .endMetadata()
                      .withAdditionalProperties(Map.of("spec", Map.of("size", i, "note", payload)))
                      .build())
              .create();
        } else {
          client
              .configMaps()
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withNamespace(NAMESPACE)
                      .withName("cm-" + i)
                      .withLabels(Map.of("app", "fleet"))
                      .endMetadata()
                      .withData(Map.of("payload", payload))
                      .build())
              .create();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("populating " + server.name() + ": " + e, e);
    }
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (KubeCluster s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
