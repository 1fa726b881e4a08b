package io.allkinds.it;

import io.allkinds.testing.Api;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Changes to Deployments (spec, labels, status only, deletes) and ConfigMaps of one namespace, made
 * through the real API server; remembers the last resourceVersion of each so that a test can wait
 * until the aggregator journaled them all.
 */
final class DeploymentChurn {

  private final KubernetesClient client;
  private final String ns;
  private final Map<String, String> lastVersion = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  DeploymentChurn(KubernetesClient client, String ns) {
    this.client = client;
    this.ns = ns;
  }

  static Deployment deployment(String ns, String name, int replicas, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  void create(String name) {
    remember(
        name, client.apps().deployments().resource(deployment(ns, name, 1, "nginx:1.25")).create());
  }

  void scale(String name, int replicas) {
    remember(
        name,
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .edit(
                d -> {
                  d.getSpec().setReplicas(replicas);
                  return d;
                }));
  }

  void image(String name, String image) {
    remember(
        name,
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .edit(
                d -> {
                  d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                  return d;
                }));
  }

  void label(String name, String key, String value) {
    remember(
        name,
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .edit(
                d -> {
                  d.getMetadata().getLabels().put(key, value);
                  return d;
                }));
  }

  /** A change of the status subresource only: spec and labels stay as they are. */
  void status(String name, int readyReplicas) {
    remember(
        name,
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName(name)
            .editStatus(
                d -> {
                  d.setStatus(
                      new DeploymentStatusBuilder()
                          .withObservedGeneration(d.getMetadata().getGeneration())
                          .withReplicas(readyReplicas)
                          .withReadyReplicas(readyReplicas)
                          .withAvailableReplicas(readyReplicas)
                          .build());
                  return d;
                }));
  }

  void delete(String name) {
    client.apps().deployments().inNamespace(ns).withName(name).delete();
    deleted.add(name);
  }

  /** Creates or updates a ConfigMap of the namespace, outside the sink's filter. */
  void configMap(String name, String value) {
    ConfigMap cm = io.allkinds.testing.KubeObjects.configMap(ns, name, value);
    client.configMaps().resource(cm).createOr(NonDeletingOperation::update);
  }

  private void remember(String name, Deployment d) {
    lastVersion.put(name, d.getMetadata().getResourceVersion());
  }

  /** What the journal shows of a namespace's Deployments: last versions, and the deleted ones. */
  private record Journaled(Map<String, String> lastVersion, Set<String> deleted) {}

  /**
   * Waits until the journal holds every change made so far: the last version of each Deployment,
   * and a DELETED entry for each deleted one.
   */
  void awaitJournaled(Api api, String cluster, Duration timeout) {
    Api.await(
        "every Deployment change journaled",
        timeout,
        () -> {
          Journaled seen = new Journaled(new HashMap<>(), new HashSet<>());
          api.changes("limit=1000&cluster=" + cluster + "&kind=Deployment&namespace=" + ns).stream()
              .map(JsonObject.class::cast)
              .forEach(
                  e -> {
                    seen.lastVersion().put(e.getString("name"), e.getString("resourceVersion"));
                    if (e.getString("type").equals("DELETED")) {
                      seen.deleted().add(e.getString("name"));
                    }
                  });
          return seen;
        },
        seen ->
            seen.deleted().containsAll(deleted)
                && lastVersion.entrySet().stream()
                    .allMatch(
                        e ->
                            deleted.contains(e.getKey())
                                || e.getValue().equals(seen.lastVersion().get(e.getKey()))));
  }
}
