package io.allkinds.kubeapi;

import io.allkinds.model.LabelRequirement;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which clusters a read takes, and how an object of the fleet root shows its cluster. Under {@code
 * /k8s/fleet} every object carries its cluster as the label and the annotation {@value #KEY}, and
 * the label selector's terms on that key choose clusters (they are no stored label); the other
 * terms select on the stored labels. Under {@code /k8s/clusters/{cluster}} the read takes that
 * cluster and objects are as stored.
 *
 * @param clusters the clusters the store query takes (none named: every one)
 * @param stored the label selector's terms on stored labels
 * @param byCluster the terms on {@value #KEY}, checked against each object's cluster
 */
record FleetScope(
    boolean fleet,
    List<String> clusters,
    List<LabelRequirement> stored,
    List<LabelRequirement> byCluster) {

  /** The label and annotation that name an object's cluster under the fleet root. */
  static final String KEY = "allkinds.io/cluster";

  FleetScope {
    clusters = List.copyOf(clusters);
    stored = List.copyOf(stored);
    byCluster = List.copyOf(byCluster);
  }

  /** The scope of a read of {@code path} with the label selector {@code selector}. */
  static FleetScope of(KubePath path, List<LabelRequirement> selector) {
    if (!path.fleet()) {
      return new FleetScope(false, path.clusters(), selector, List.of());
    }
    List<LabelRequirement> stored = new ArrayList<>();
    List<LabelRequirement> byCluster = new ArrayList<>();
    List<String> clusters = List.of();
    for (LabelRequirement r : selector) {
      if (!r.key().equals(KEY)) {
        stored.add(r);
        continue;
      }
      byCluster.add(r);
      if (r.operator() == LabelRequirement.Operator.EQUALS
          || r.operator() == LabelRequirement.Operator.IN) {
        // Narrows the store query; the term is still checked on each object.
        clusters = clusters.isEmpty() ? r.values() : intersect(clusters, r.values());
        if (clusters.isEmpty()) {
          clusters = List.of("\u0000none"); // two terms that no cluster meets
        }
      }
    }
    return new FleetScope(true, clusters, stored, byCluster);
  }

  /** Whether an object of {@code cluster} is in the scope. */
  boolean takes(String cluster) {
    if (!fleet) {
      return clusters.contains(cluster);
    }
    Map<String, String> labels = Map.of(KEY, cluster);
    return byCluster.stream().allMatch(r -> r.matches(labels));
  }

  /** Marks {@code object} with its cluster, under the fleet root; returns it. */
  JsonObject mark(JsonObject object, String cluster) {
    if (!fleet) {
      return object;
    }
    JsonObject metadata = object.getJsonObject("metadata");
    if (metadata == null) {
      metadata = new JsonObject();
      object.put("metadata", metadata);
    }
    for (String field : List.of("labels", "annotations")) {
      JsonObject map = metadata.getJsonObject(field);
      if (map == null) {
        map = new JsonObject();
        metadata.put(field, map);
      }
      map.put(KEY, cluster);
    }
    return object;
  }

  private static List<String> intersect(List<String> a, List<String> b) {
    return a.stream().filter(b::contains).toList();
  }
}
