package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kube-apiserver's discovery documents for one cluster's stored types: the root paths, {@code /api}
 * (APIVersions), {@code /apis} (APIGroupList), {@code /apis/{g}} (APIGroup), the APIResourceList of
 * a group version, and {@code /version}. Every resource is read-only: get, list, watch.
 */
final class DiscoveryDocs {

  /** The Kubernetes version whose API this one follows, as {@code /version} reports it. */
  private static final String MAJOR = "1";

  private static final String MINOR = "30";
  private static final List<String> VERBS = List.of("get", "list", "watch");

  private final CrdNames names;

  DiscoveryDocs(CrdNames names) {
    this.names = names;
  }

  JsonObject root(ClusterTypes types) {
    JsonArray paths = new JsonArray().add("/api").add("/apis").add("/version");
    types
        .groups()
        .forEach(
            (g, versions) -> {
              String base = g.isEmpty() ? "/api" : "/apis/" + g;
              if (!g.isEmpty()) {
                paths.add(base);
              }
              versions.forEach(v -> paths.add(base + "/" + v));
            });
    return new JsonObject().put("paths", paths);
  }

  JsonObject coreVersions(ClusterTypes types) {
    return new JsonObject()
        .put("kind", "APIVersions")
        .put("versions", new JsonArray(types.groups().getOrDefault("", List.of())))
        .put("serverAddressByClientCIDRs", new JsonArray());
  }

  JsonObject groupList(ClusterTypes types) {
    JsonArray groups = new JsonArray();
    for (Map.Entry<String, List<String>> g : types.groups().entrySet()) {
      if (!g.getKey().isEmpty()) {
        groups.add(groupFields(g.getKey(), g.getValue()));
      }
    }
    return new JsonObject()
        .put("kind", "APIGroupList")
        .put("apiVersion", "v1")
        .put("groups", groups);
  }

  /** The APIGroup of {@code name}; a 404 Status when the cluster has no type in it. */
  JsonObject group(ClusterTypes types, String name) {
    List<String> versions = types.groups().get(name);
    if (name.isEmpty() || versions == null) {
      throw KubeStatus.noSuchPath();
    }
    return new JsonObject()
        .put("kind", "APIGroup")
        .put("apiVersion", "v1")
        .mergeIn(groupFields(name, versions));
  }

  /**
   * The APIResourceList of a group version; a 404 Status when the cluster stores no type at it.
   * Blocking: custom resources' names come from their stored CRDs.
   */
  JsonObject resources(List<String> clusters, Instant at, ClusterTypes types, String g, String v) {
    List<ResourceType> stored = types.resources(g, v);
    if (stored.isEmpty()) {
      throw KubeStatus.noSuchPath();
    }
    JsonArray resources = new JsonArray();
    for (ResourceType t : stored) {
      JsonObject r =
          new JsonObject()
              .put("name", t.resource())
              .put("singularName", t.kind().toLowerCase(Locale.ROOT))
              .put("namespaced", t.namespaced())
              .put("kind", t.kind())
              .put("verbs", new JsonArray(VERBS));
      ResourceNames n = names.of(clusters, at, t);
      if (!n.shortNames().isEmpty()) {
        r.put("shortNames", new JsonArray(n.shortNames()));
      }
      if (!n.categories().isEmpty()) {
        r.put("categories", new JsonArray(n.categories()));
      }
      resources.add(r);
    }
    return new JsonObject()
        .put("kind", "APIResourceList")
        .put("apiVersion", "v1")
        .put("groupVersion", g.isEmpty() ? v : g + "/" + v)
        .put("resources", resources);
  }

  /** {@code /version}: the Kubernetes API version served, marked as AllKinds'. */
  static JsonObject version() {
    return new JsonObject()
        .put("major", MAJOR)
        .put("minor", MINOR)
        .put("gitVersion", "v" + MAJOR + "." + MINOR + ".0+allkinds")
        .put("gitCommit", "")
        .put("gitTreeState", "")
        .put("buildDate", "1970-01-01T00:00:00Z")
        .put("goVersion", "")
        .put("compiler", "allkinds")
        .put("platform", "linux/amd64");
  }

  /** An APIGroup's own fields: its name, versions and preferred (best) version. */
  private static JsonObject groupFields(String name, List<String> versions) {
    JsonArray vs = new JsonArray();
    versions.forEach(v -> vs.add(groupVersion(name, v)));
    return new JsonObject()
        .put("name", name)
        .put("versions", vs)
        .put("preferredVersion", groupVersion(name, versions.get(0)));
  }

  private static JsonObject groupVersion(String group, String version) {
    return new JsonObject().put("groupVersion", group + "/" + version).put("version", version);
  }
}
