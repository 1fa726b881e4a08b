package io.allkinds.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet the explain query benchmark loads: 100 clusters of the same shape, each with nodes, a
 * {@code default} ServiceAccount in each of 20 namespaces, ConfigMaps of namespace {@code shared}
 * that every cluster has (with a few clusters' copies different, for drift), and apps: a Deployment
 * owning a current and an old ReplicaSet, the current one owning three Pods, each Pod on a node,
 * with its app's ConfigMap, Secret and the namespace's ServiceAccount, and a Service selecting the
 * Pods. Every app exists in every cluster under the same name (replicas and image differ in a few).
 * Object {@code k} of a cluster is a pure function of {@code k}.
 */
final class ExplainFleet {

  static final int CLUSTERS = 100;
  static final int NAMESPACES = 20;

  /** The kinds of the fleet, with what the store keys them by. */
  enum Kind {
    NODE("", "v1", "nodes", "Node", false),
    SERVICE_ACCOUNT("", "v1", "serviceaccounts", "ServiceAccount", true),
    SHARED_CONFIG_MAP("", "v1", "configmaps", "ConfigMap", true),
    DEPLOYMENT("apps", "v1", "deployments", "Deployment", true),
    REPLICA_SET("apps", "v1", "replicasets", "ReplicaSet", true),
    POD("", "v1", "pods", "Pod", true),
    CONFIG_MAP("", "v1", "configmaps", "ConfigMap", true),
    SECRET("", "v1", "secrets", "Secret", true),
    SERVICE("", "v1", "services", "Service", true);

    final String group;
    final String version;
    final String resource;
    final String kind;
    final boolean namespaced;

    Kind(String group, String version, String resource, String kind, boolean namespaced) {
      this.group = group;
      this.version = version;
      this.resource = resource;
      this.kind = kind;
      this.namespaced = namespaced;
    }

    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /** One edge as the writer stores it. */
  record Edge(
      String relation, String group, String kind, String namespace, String name, String uid) {}

  /** The {@code k}th object of cluster {@code cluster}: its kind and its app or index. */
  record Obj(int cluster, int k, Kind kind, int index, int slot) {}

  final int perCluster;
  final int nodes;
  final int shared;
  final int apps;

  ExplainFleet(long objects) {
    perCluster = (int) (objects / CLUSTERS);
    nodes = Math.max(1, perCluster / 200);
    apps = (perCluster - nodes - NAMESPACES - perCluster / 100) / 9;
    shared = perCluster - nodes - NAMESPACES - 9 * apps;
  }

  long objects() {
    return (long) perCluster * CLUSTERS;
  }

  Obj at(long global) {
    int cluster = (int) (global / perCluster);
    int k = (int) (global % perCluster);
    if (k < nodes) {
      return new Obj(cluster, k, Kind.NODE, k, 0);
    }
    int r = k - nodes;
    if (r < NAMESPACES) {
      return new Obj(cluster, k, Kind.SERVICE_ACCOUNT, r, 0);
    }
    r -= NAMESPACES;
    if (r < shared) {
      return new Obj(cluster, k, Kind.SHARED_CONFIG_MAP, r, 0);
    }
    r -= shared;
    int app = r / 9;
    int slot = r % 9;
    Kind kind =
        switch (slot) {
          case 0 -> Kind.DEPLOYMENT;
          case 1, 2 -> Kind.REPLICA_SET;
          case 3, 4, 5 -> Kind.POD;
          case 6 -> Kind.CONFIG_MAP;
          case 7 -> Kind.SECRET;
          default -> Kind.SERVICE;
        };
    return new Obj(cluster, k, kind, app, slot);
  }

  /** The global index of app {@code app}'s object in {@code slot} of {@code cluster}. */
  long appObject(int cluster, int app, int slot) {
    return (long) cluster * perCluster + nodes + NAMESPACES + shared + 9L * app + slot;
  }

  static String cluster(int c) {
    return "cluster-" + pad(Integer.toString(c), 2);
  }

  static String appNamespace(int app) {
    return "ns-" + pad(Integer.toString(app % NAMESPACES), 2);
  }

  String uid(Obj o) {
    return pad(Integer.toHexString(o.cluster), 8)
        + "-0000-4000-8000-"
        + pad(Integer.toString(o.k), 12);
  }

  private static String pad(String s, int width) {
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  String namespace(Obj o) {
    return switch (o.kind) {
      case NODE -> "";
      case SERVICE_ACCOUNT -> appNamespace(o.index);
      case SHARED_CONFIG_MAP -> "shared";
      default -> appNamespace(o.index);
    };
  }

  String name(Obj o) {
    String app = "app-" + o.index;
    return switch (o.kind) {
      case NODE -> "node-" + pad(Integer.toString(o.index), 3);
      case SERVICE_ACCOUNT -> "default";
      case SHARED_CONFIG_MAP -> "shared-" + o.index;
      case DEPLOYMENT, SERVICE -> app;
      case REPLICA_SET -> app + (o.slot == 1 ? "-5d9f7c" : "-84b6f9");
      case POD -> app + "-5d9f7c-p" + (o.slot - 3);
      case CONFIG_MAP -> app + "-config";
      case SECRET -> app + "-db";
    };
  }

  Map<String, String> labels(Obj o) {
    Map<String, String> labels = new LinkedHashMap<>();
    switch (o.kind) {
      case NODE -> labels.put("kubernetes.io/hostname", name(o));
      case DEPLOYMENT, SERVICE, CONFIG_MAP, SECRET -> {
        labels.put("app", "app-" + o.index);
        labels.put("app.kubernetes.io/managed-by", "Helm");
      }
      case REPLICA_SET, POD -> {
        labels.put("app", "app-" + o.index);
        labels.put("pod-template-hash", o.kind == Kind.POD || o.slot == 1 ? "5d9f7c" : "84b6f9");
      }
      default -> {}
    }
    return labels;
  }

  private String node(Obj o) {
    return "node-" + pad(Integer.toString((o.index * 3 + o.slot) % nodes), 3);
  }

  /** The edges the object states, as the writer would have stored them. */
  List<Edge> edges(Obj o) {
    String ns = namespace(o);
    String app = "app-" + o.index;
    return switch (o.kind) {
      case REPLICA_SET ->
          List.of(
              new Edge(
                  "owner",
                  "apps",
                  "Deployment",
                  ns,
                  app,
                  uid(at(appObject(o.cluster, o.index, 0)))));
      case POD ->
          List.of(
              new Edge(
                  "owner",
                  "apps",
                  "ReplicaSet",
                  ns,
                  app + "-5d9f7c",
                  uid(at(appObject(o.cluster, o.index, 1)))),
              new Edge("node", "", "Node", "", node(o), null),
              new Edge("service_account", "", "ServiceAccount", ns, "default", null),
              new Edge("config_map", "", "ConfigMap", ns, app + "-config", null),
              new Edge("secret", "", "Secret", ns, app + "-db", null));
      default -> List.of();
    };
  }

  /** The object's body (JSON) at resource version {@code rv}. */
  String body(Obj o, String rv) {
    String meta = ExplainBodies.meta(this, o, rv);
    int c = o.cluster;
    int app = o.index;
    return switch (o.kind) {
      case NODE -> ExplainBodies.node(meta);
      case SERVICE_ACCOUNT -> ExplainBodies.serviceAccount(meta);
      case SHARED_CONFIG_MAP ->
          ExplainBodies.configMap(
              meta, c % 10 == app % 10 ? "v2" : c == 99 && app % 2 == 0 ? "v3" : "v1");
      case DEPLOYMENT ->
          ExplainBodies.deployment(
              meta, app, (c + app) % 20 == 0 ? 5 : 3, (c + app) % 50 == 0 ? "1.4.3" : "1.4.2");
      case REPLICA_SET -> ExplainBodies.replicaSet(meta, app, o.slot == 1 ? 3 : 0);
      case POD ->
          ExplainBodies.pod(meta, app, node(o), (o.k + c) % 40 == 0 ? "Pending" : "Running");
      case CONFIG_MAP -> ExplainBodies.configMap(meta, "v1");
      case SECRET -> ExplainBodies.secret(meta);
      case SERVICE -> ExplainBodies.service(meta, app);
    };
  }
}
