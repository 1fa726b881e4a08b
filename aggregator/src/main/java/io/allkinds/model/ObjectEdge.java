package io.allkinds.model;

/**
 * A relationship an object states about another in its own body: the target by API group, kind,
 * namespace ({@code ""} for cluster-scoped targets) and name, and uid when the object names it
 * (owner references do).
 */
public record ObjectEdge(
    EdgeRelation relation, String group, String kind, String namespace, String name, String uid) {

  public ObjectEdge {
    group = group == null ? "" : group;
    namespace = namespace == null ? "" : namespace;
    uid = uid == null ? "" : uid;
  }
}
