package io.allkinds.bench;

import io.allkinds.bench.ExplainFleet.Kind;
import io.allkinds.bench.ExplainFleet.Obj;
import java.util.Map;

/**
 * The bodies (small, valid objects as the encoder stores them: managedFields dropped, Secret values
 * nulled) and the journal facts (changed paths, actors, applying tool, in the journal's stored
 * forms) of {@link ExplainFleet}'s objects.
 */
final class ExplainBodies {

  private ExplainBodies() {}

  /** The facts of one journal entry: changed_paths, actors, applied_by (each may be null). */
  record Facts(String changed, String actors, String appliedBy) {}

  static String meta(ExplainFleet fleet, Obj o, String rv) {
    StringBuilder s = new StringBuilder(300);
    s.append("{\"apiVersion\":\"")
        .append(o.kind().apiVersion())
        .append("\",\"kind\":\"")
        .append(o.kind().kind)
        .append("\",\"metadata\":{\"name\":\"")
        .append(fleet.name(o))
        .append('"');
    if (o.kind().namespaced) {
      s.append(",\"namespace\":\"").append(fleet.namespace(o)).append('"');
    }
    s.append(",\"uid\":\"")
        .append(fleet.uid(o))
        .append("\",\"resourceVersion\":\"")
        .append(rv)
        .append("\",\"creationTimestamp\":\"2026-11-01T00:00:00Z\"");
    Map<String, String> labels = fleet.labels(o);
    if (!labels.isEmpty()) {
      s.append(",\"labels\":{");
      boolean first = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        s.append(first ? "" : ",")
            .append('"')
            .append(l.getKey())
            .append("\":\"")
            .append(l.getValue())
            .append('"');
        first = false;
      }
      s.append('}');
    }
    if (o.kind() == Kind.REPLICA_SET || o.kind() == Kind.POD) {
      ExplainFleet.Edge owner = fleet.edges(o).get(0);
      s.append(",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"")
          .append(owner.kind())
          .append("\",\"name\":\"")
          .append(owner.name())
          .append("\",\"uid\":\"")
          .append(owner.uid())
          .append("\",\"controller\":true,\"blockOwnerDeletion\":true}]");
    }
    if (labels.containsKey("app.kubernetes.io/managed-by")) {
      s.append(",\"annotations\":{\"meta.helm.sh/release-name\":\"")
          .append(labels.get("app"))
          .append("\",\"meta.helm.sh/release-namespace\":\"")
          .append(fleet.namespace(o))
          .append("\"}");
    }
    return s.append('}').toString();
  }

  static String node(String meta) {
    return meta
        + ",\"spec\":{\"podCIDR\":\"10.244.0.0/24\"},\"status\":{\"conditions\":[{\"type\":\"Ready\","
        + "\"status\":\"True\"}],\"nodeInfo\":{\"kubeletVersion\":\"v1.30.2\"}}}";
  }

  static String serviceAccount(String meta) {
    return meta + "}";
  }

  static String configMap(String meta, String variant) {
    return meta
        + ",\"data\":{\"app.yaml\":\"server:\\n  port: 8080\\nlog:\\n  level: "
        + ("v1".equals(variant) ? "info" : "debug")
        + "\\n\",\"variant\":\""
        + variant
        + "\"}}";
  }

  static String secret(String meta) {
    return meta + ",\"type\":\"Opaque\",\"data\":{\"password\":null}}";
  }

  static String service(String meta, int app) {
    return meta
        + ",\"spec\":{\"type\":\"ClusterIP\",\"selector\":{\"app\":\"app-"
        + app
        + "\"},\"ports\":[{\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"}]}}";
  }

  static String deployment(String meta, int app, int replicas, String tag) {
    return meta
        + ",\"spec\":{\"replicas\":"
        + replicas
        + ",\"selector\":{\"matchLabels\":{\"app\":\"app-"
        + app
        + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"app-"
        + app
        + "\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/app:"
        + tag
        + "\"}]}}},\"status\":{\"replicas\":"
        + replicas
        + ",\"readyReplicas\":"
        + replicas
        + ",\"availableReplicas\":"
        + replicas
        + "}}";
  }

  static String replicaSet(String meta, int app, int replicas) {
    return meta
        + ",\"spec\":{\"replicas\":"
        + replicas
        + ",\"selector\":{\"matchLabels\":{\"app\":\"app-"
        + app
        + "\"}}},\"status\":{\"replicas\":"
        + replicas
        + ",\"readyReplicas\":"
        + replicas
        + "}}";
  }

  static String pod(String meta, int app, String node, String phase) {
    return meta
        + ",\"spec\":{\"nodeName\":\""
        + node
        + "\",\"serviceAccountName\":\"default\",\"volumes\":[{\"name\":\"config\",\"configMap\":"
        + "{\"name\":\"app-"
        + app
        + "-config\"}}],\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/app:1.4.2\","
        + "\"env\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"app-"
        + app
        + "-db\",\"key\":\"password\"}}}]}]},\"status\":{\"phase\":\""
        + phase
        + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\""
        + ("Running".equals(phase) ? "True" : "False")
        + "\"}]}}";
  }

  /** The facts of an ADDED entry of {@code o}. */
  static Facts added(ExplainFleet fleet, Obj o) {
    return switch (o.kind()) {
      case NODE -> new Facts(null, ",kubelet|Update|,", null);
      case SERVICE_ACCOUNT, REPLICA_SET, POD ->
          new Facts(null, ",kube-controller-manager|Update|,", null);
      case SHARED_CONFIG_MAP -> new Facts(null, ",argocd-controller|Apply|,", "argocd:shared");
      default ->
          new Facts(null, ",helm|Update|,", "helm:" + fleet.namespace(o) + "/app-" + o.index());
    };
  }

  /** The facts of the {@code m}th MODIFIED entry, of {@code o}. */
  static Facts modified(ExplainFleet fleet, Obj o, long m) {
    String helm = "helm:" + fleet.namespace(o) + "/app-" + o.index();
    return switch (o.kind()) {
      case NODE -> new Facts(",/status,", ",kubelet|Update|status,", null);
      case POD ->
          m % 10 == 0
              ? new Facts("", null, null)
              : new Facts(",/status,", ",kubelet|Update|status,", null);
      case REPLICA_SET -> new Facts(",/status,", ",kube-controller-manager|Update|status,", null);
      case DEPLOYMENT ->
          switch ((int) (m % 3)) {
            case 0 -> new Facts(",/spec/replicas,", ",kubectl-scale|Update|scale,", helm);
            case 1 -> new Facts(",/metadata/annotations,/spec/template,", ",helm|Update|,", helm);
            default -> new Facts(",/status,", ",kube-controller-manager|Update|status,", helm);
          };
      case SHARED_CONFIG_MAP -> new Facts(",/data,", ",argocd-controller|Apply|,", "argocd:shared");
      case CONFIG_MAP, SECRET -> new Facts(",/data,", ",kubectl-client-side-apply|Update|,", helm);
      case SERVICE -> new Facts(",/metadata/annotations,", ",kubectl-edit|Update|,", helm);
      case SERVICE_ACCOUNT -> new Facts(",/secrets,", ",kube-controller-manager|Update|,", null);
    };
  }
}
