package io.allkinds.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a stored digest ({@link DigestBytes}) names by number instead of spelling them out: the
 * top paths of the built-in kinds and the field managers, operations and subresources of the
 * Kubernetes components and common tools, as HPACK's static table names common headers. A Pod's
 * eleven paths and two managers then cost a byte each. The list is part of the stored format: a
 * word is never removed, moved or inserted; a new list needs a new format.
 */
final class DigestWords {

  /** Format 2's words; word {@code i} is stored as {@code i + 1} ({@code 0}: spelled out). */
  static final List<String> WORDS =
      List.of(
          // Operations and subresources of a managedFields entry.
          "",
          "Update",
          "Apply",
          "status",
          "scale",
          "binding",
          "resize",
          "ephemeralcontainers",
          // Field managers of the Kubernetes components and common tools.
          "kube-controller-manager",
          "kubelet",
          "kube-scheduler",
          "kube-apiserver",
          "kube-proxy",
          "kubectl",
          "kubectl-client-side-apply",
          "kubectl-create",
          "kubectl-edit",
          "kubectl-label",
          "kubectl-annotate",
          "kubectl-patch",
          "kubectl-scale",
          "kubectl-rollout",
          "kubectl-set",
          "kubectl-replace",
          "kubectl-expose",
          "kubectl-run",
          "kubectl-taint",
          "kubectl-cordon",
          "helm",
          "argocd-controller",
          "argocd-application-controller",
          "kustomize-controller",
          "helm-controller",
          "k3s",
          "k3s-supervisor",
          "Go-http-client",
          "manager",
          "cloud-controller-manager",
          "coredns",
          // Top paths of every kind.
          "/metadata/labels",
          "/metadata/annotations",
          "/metadata/ownerReferences",
          "/metadata/finalizers",
          "/metadata/deletionTimestamp",
          "/metadata/deletionGracePeriodSeconds",
          "/status",
          "/spec",
          "/data",
          "/binaryData",
          "/stringData",
          "/type",
          "/immutable",
          // Pods, and the pod templates of workloads.
          "/spec/containers",
          "/spec/initContainers",
          "/spec/ephemeralContainers",
          "/spec/volumes",
          "/spec/nodeName",
          "/spec/nodeSelector",
          "/spec/affinity",
          "/spec/tolerations",
          "/spec/serviceAccount",
          "/spec/serviceAccountName",
          "/spec/automountServiceAccountToken",
          "/spec/restartPolicy",
          "/spec/dnsPolicy",
          "/spec/dnsConfig",
          "/spec/schedulerName",
          "/spec/securityContext",
          "/spec/terminationGracePeriodSeconds",
          "/spec/activeDeadlineSeconds",
          "/spec/priority",
          "/spec/priorityClassName",
          "/spec/preemptionPolicy",
          "/spec/enableServiceLinks",
          "/spec/hostname",
          "/spec/subdomain",
          "/spec/hostNetwork",
          "/spec/hostPID",
          "/spec/hostIPC",
          "/spec/imagePullSecrets",
          "/spec/readinessGates",
          "/spec/topologySpreadConstraints",
          "/spec/runtimeClassName",
          "/spec/overhead",
          "/spec/os",
          // Workloads.
          "/spec/replicas",
          "/spec/selector",
          "/spec/template",
          "/spec/strategy",
          "/spec/updateStrategy",
          "/spec/minReadySeconds",
          "/spec/revisionHistoryLimit",
          "/spec/progressDeadlineSeconds",
          "/spec/paused",
          "/spec/serviceName",
          "/spec/podManagementPolicy",
          "/spec/volumeClaimTemplates",
          "/spec/persistentVolumeClaimRetentionPolicy",
          "/spec/schedule",
          "/spec/jobTemplate",
          "/spec/suspend",
          "/spec/concurrencyPolicy",
          "/spec/successfulJobsHistoryLimit",
          "/spec/failedJobsHistoryLimit",
          "/spec/backoffLimit",
          "/spec/completions",
          "/spec/parallelism",
          "/spec/completionMode",
          "/spec/ttlSecondsAfterFinished",
          "/spec/podReplacementPolicy",
          // Services, endpoints, ingresses, network policies.
          "/spec/ports",
          "/spec/type",
          "/spec/clusterIP",
          "/spec/clusterIPs",
          "/spec/sessionAffinity",
          "/spec/ipFamilies",
          "/spec/ipFamilyPolicy",
          "/spec/internalTrafficPolicy",
          "/spec/externalTrafficPolicy",
          "/spec/externalName",
          "/spec/loadBalancerIP",
          "/spec/publishNotReadyAddresses",
          "/subsets",
          "/endpoints",
          "/addressType",
          "/ports",
          "/spec/rules",
          "/spec/tls",
          "/spec/ingressClassName",
          "/spec/defaultBackend",
          "/spec/podSelector",
          "/spec/policyTypes",
          "/spec/ingress",
          "/spec/egress",
          // Nodes, volumes, claims, storage classes.
          "/spec/podCIDR",
          "/spec/podCIDRs",
          "/spec/providerID",
          "/spec/taints",
          "/spec/unschedulable",
          "/spec/accessModes",
          "/spec/resources",
          "/spec/storageClassName",
          "/spec/volumeMode",
          "/spec/volumeName",
          "/spec/capacity",
          "/spec/claimRef",
          "/spec/persistentVolumeReclaimPolicy",
          "/spec/nodeAffinity",
          "/spec/csi",
          "/spec/hostPath",
          "/provisioner",
          "/parameters",
          "/reclaimPolicy",
          "/volumeBindingMode",
          "/allowVolumeExpansion",
          // RBAC, service accounts, leases, autoscalers, budgets, quotas, CRDs.
          "/rules",
          "/subjects",
          "/roleRef",
          "/aggregationRule",
          "/secrets",
          "/imagePullSecrets",
          "/automountServiceAccountToken",
          "/spec/holderIdentity",
          "/spec/leaseDurationSeconds",
          "/spec/acquireTime",
          "/spec/renewTime",
          "/spec/leaseTransitions",
          "/spec/scaleTargetRef",
          "/spec/minReplicas",
          "/spec/maxReplicas",
          "/spec/metrics",
          "/spec/behavior",
          "/spec/minAvailable",
          "/spec/maxUnavailable",
          "/spec/unhealthyPodEvictionPolicy",
          "/spec/hard",
          "/spec/scopes",
          "/spec/limits",
          "/spec/group",
          "/spec/names",
          "/spec/scope",
          "/spec/versions",
          "/spec/conversion",
          "/spec/finalizers",
          "/webhooks",
          "/value",
          "/globalDefault",
          "/description",
          "/handler",
          "/scheduling",
          // Events.
          "/involvedObject",
          "/reason",
          "/message",
          "/source",
          "/firstTimestamp",
          "/lastTimestamp",
          "/count",
          "/eventTime",
          "/reportingComponent",
          "/reportingInstance",
          "/series",
          "/action",
          "/related",
          "/note",
          "/regarding");

  private static final Map<String, Integer> NUMBERS = numbers();

  private DigestWords() {}

  /** The word's number, or -1 for a word the list does not have. */
  static int numberOf(String word) {
    Integer n = NUMBERS.get(word);
    return n == null ? -1 : n;
  }

  /** The word numbered {@code n}; an {@link IllegalArgumentException} for none. */
  static String word(int n) {
    if (n < 0 || n >= WORDS.size()) {
      throw new IllegalArgumentException("no digest word " + n);
    }
    return WORDS.get(n);
  }

  private static Map<String, Integer> numbers() {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < WORDS.size(); i++) {
      if (out.put(WORDS.get(i), i) != null) {
        throw new IllegalStateException("digest word listed twice: " + WORDS.get(i));
      }
    }
    return out;
  }
}
