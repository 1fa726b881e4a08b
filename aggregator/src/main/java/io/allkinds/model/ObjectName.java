package io.allkinds.model;

/**
 * An object as the API names it: cluster, group and version, kind, namespace ({@code ""} when
 * cluster-scoped; null is read as that) and name.
 */
public record ObjectName(
    String cluster, String group, String version, String kind, String namespace, String name) {

  public ObjectName {
    namespace = namespace == null ? "" : namespace;
  }
}
