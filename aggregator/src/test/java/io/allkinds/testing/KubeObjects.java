package io.allkinds.testing;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Clients and objects on the test API servers, and what the servers hold. */
public final class KubeObjects {

  private KubeObjects() {}

  public static KubernetesClient client(Path kubeconfig) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
        .build();
  }

  /** Waits until the API server serves the CRD {@code name} (its Established condition is True). */
  /**
   * Waits until the CRD {@code name} is Established and the API server's discovery lists its
   * resource at every served version: discovery follows Established a moment later, and a client
   * that resolves a kind through it (fabric8's {@code genericKubernetesResources(apiVersion,
   * kind)}) fails until then.
   */
  public static void awaitEstablished(KubernetesClient client, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CustomResourceDefinition crd = awaitEstablishedCondition(client, name, timeout);
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      if (!Boolean.TRUE.equals(v.getServed())) {
        continue;
      }
      String groupVersion = crd.getSpec().getGroup() + "/" + v.getName();
      Api.await(
          "discovery of " + groupVersion + " listing " + crd.getSpec().getNames().getPlural(),
          Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
          () -> {
            try {
              APIResourceList list = client.getApiResources(groupVersion);
              return list != null
                  && list.getResources().stream()
                      .anyMatch(r -> r.getName().equals(crd.getSpec().getNames().getPlural()));
            } catch (KubernetesClientException e) {
              return false; // not yet served: asked again
            }
          },
          listed -> listed);
    }
  }

  private static CustomResourceDefinition awaitEstablishedCondition(
      KubernetesClient client, String name, Duration timeout) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                cond.getType().equals("Established")
                                    && cond.getStatus().equals("True")),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Creates a namespaced CRD {@code plural.group} served at v1, of any content, with a printer
   * column Size ({@code .spec.size}), and waits until it is served; returns its name.
   */
  public static String crd(
      KubernetesClient client, String group, String plural, String kind, Duration timeout) {
    return crd(client, group, plural, kind, List.of(), List.of(), timeout);
  }

  /** {@link #crd(KubernetesClient, String, String, String, Duration)} with names to find it by. */
  public static String crd(
      KubernetesClient client,
      String group,
      String plural,
      String kind,
      List<String> shortNames,
      List<String> categories,
      Duration timeout) {
    String name = plural + "." + group;
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withPlural(plural)
                .withSingular(kind.toLowerCase(Locale.ROOT))
                .withKind(kind)
                .withShortNames(shortNames)
                .withCategories(categories)
                .endNames()
                .withVersions(
                    new CustomResourceDefinitionVersionBuilder()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .addNewAdditionalPrinterColumn()
                        .withName("Size")
                        .withType("integer")
                        .withJsonPath(".spec.size")
                        .endAdditionalPrinterColumn()
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
    awaitEstablished(client, name, timeout);
    return name;
  }

  public static void namespace(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
  }

  public static ConfigMap configMap(String ns, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withData(Map.of("v", value))
        .build();
  }

  /** name -> resourceVersion of the live ConfigMaps of a namespace, as the API server has them. */
  public static Map<String, String> serverState(KubernetesClient client, String ns) {
    return client.configMaps().inNamespace(ns).list().getItems().stream()
        .filter(c -> !c.getMetadata().getName().equals("kube-root-ca.crt"))
        .collect(
            Collectors.toMap(
                c -> c.getMetadata().getName(),
                c -> c.getMetadata().getResourceVersion(),
                (a, b) -> a,
                TreeMap::new));
  }
}
