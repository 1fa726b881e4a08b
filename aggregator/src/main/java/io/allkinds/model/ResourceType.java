package io.allkinds.model;

/** One API resource type as served by a cluster, at the version it is watched at. */
public record ResourceType(
    String group, String version, String resource, String kind, boolean namespaced) {

  /** {@code v1} for the core group, {@code group/version} otherwise. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The identity of the type across versions: {@code resource} or {@code resource.group}. */
  public String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
