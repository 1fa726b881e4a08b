package io.allkinds.model;

/**
 * One object in a neighbourhood: {@code id} is {@code apiVersion/kind/namespace/name} (namespace
 * {@code ""} when cluster-scoped); {@code missing} when another object names it but the store has
 * no copy of it; {@code state} a short text from its body (Pod phase, "3/3 ready"), or null.
 */
public record RelationNode(
    String id,
    String cluster,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String uid,
    boolean deleted,
    boolean missing,
    String state) {

  /** The id of an object: {@code apiVersion/kind/namespace/name}. */
  public static String id(String apiVersion, String kind, String namespace, String name) {
    return apiVersion + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }
}
