package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The short names and categories kube-apiserver gives its built-in resources (those that kubectl
 * users type), by group-qualified resource.
 */
final class KnownNames {

  private static final Map<String, List<String>> SHORT_NAMES =
      Map.ofEntries(
          Map.entry("pods", List.of("po")),
          Map.entry("services", List.of("svc")),
          Map.entry("configmaps", List.of("cm")),
          Map.entry("namespaces", List.of("ns")),
          Map.entry("nodes", List.of("no")),
          Map.entry("endpoints", List.of("ep")),
          Map.entry("events", List.of("ev")),
          Map.entry("limitranges", List.of("limits")),
          Map.entry("persistentvolumeclaims", List.of("pvc")),
          Map.entry("persistentvolumes", List.of("pv")),
          Map.entry("replicationcontrollers", List.of("rc")),
          Map.entry("resourcequotas", List.of("quota")),
          Map.entry("serviceaccounts", List.of("sa")),
          Map.entry("deployments.apps", List.of("deploy")),
          Map.entry("replicasets.apps", List.of("rs")),
          Map.entry("statefulsets.apps", List.of("sts")),
          Map.entry("daemonsets.apps", List.of("ds")),
          Map.entry("cronjobs.batch", List.of("cj")),
          Map.entry("horizontalpodautoscalers.autoscaling", List.of("hpa")),
          Map.entry("ingresses.networking.k8s.io", List.of("ing")),
          Map.entry("networkpolicies.networking.k8s.io", List.of("netpol")),
          Map.entry("poddisruptionbudgets.policy", List.of("pdb")),
          Map.entry("priorityclasses.scheduling.k8s.io", List.of("pc")),
          Map.entry("storageclasses.storage.k8s.io", List.of("sc")),
          Map.entry("customresourcedefinitions.apiextensions.k8s.io", List.of("crd", "crds")),
          Map.entry("events.events.k8s.io", List.of("ev")),
          Map.entry("certificatesigningrequests.certificates.k8s.io", List.of("csr")));

  private static final Set<String> ALL =
      Set.of(
          "pods",
          "services",
          "replicationcontrollers",
          "deployments.apps",
          "replicasets.apps",
          "statefulsets.apps",
          "daemonsets.apps",
          "jobs.batch",
          "cronjobs.batch",
          "horizontalpodautoscalers.autoscaling");

  private KnownNames() {}

  /**
   * Whether {@code type} is in the table, or in a group without a dot (kube-apiserver's own: a
   * custom resource's group always has one); for the others the CRD tells.
   */
  static boolean known(ResourceType type) {
    return !type.group().contains(".") || SHORT_NAMES.containsKey(type.groupResource());
  }

  static ResourceNames of(ResourceType type) {
    return new ResourceNames(
        SHORT_NAMES.getOrDefault(type.groupResource(), List.of()),
        ALL.contains(type.groupResource()) ? List.of("all") : List.of());
  }
}
