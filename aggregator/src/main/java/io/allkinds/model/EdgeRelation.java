package io.allkinds.model;

import java.util.List;
import java.util.Locale;

/**
 * How one object points at another; stored in lower case ({@link #stored()}). Each names the kind
 * of its target (any kind for owners) and the types that state it; those whose sources may be
 * anywhere in the cluster are found by their target ({@link #keptByTarget()}), the others by
 * reading what the stating types in the target's own namespace state.
 */
public enum EdgeRelation {
  /** metadata.ownerReferences: the target owns the source. */
  OWNER(null),
  /** A Pod's spec.nodeName. */
  NODE("Node"),
  /** A Pod's spec.serviceAccountName. */
  SERVICE_ACCOUNT("ServiceAccount"),
  /** A ConfigMap a Pod mounts or reads its environment from. */
  CONFIG_MAP("ConfigMap"),
  /** A Secret a Pod mounts, reads its environment from, or pulls images with. */
  SECRET("Secret"),
  /** A PersistentVolumeClaim a Pod mounts. */
  CLAIM("PersistentVolumeClaim"),
  /** The PersistentVolume a claim is bound to (spec.volumeName). */
  VOLUME("PersistentVolume"),
  /** A Service an Ingress routes to. */
  BACKEND("Service");

  /** A type that states a relation: its API group ({@code ""} for the core group) and resource. */
  public record Source(String group, String resource) {}

  private static final List<Source> PODS = List.of(new Source("", "pods"));
  private static final List<Source> CLAIMS = List.of(new Source("", "persistentvolumeclaims"));
  private static final List<Source> INGRESSES =
      List.of(new Source("networking.k8s.io", "ingresses"), new Source("extensions", "ingresses"));

  private final String targetKind;

  /** The writer stores one for every edge: made once. */
  private final String stored;

  EdgeRelation(String targetKind) {
    this.targetKind = targetKind;
    this.stored = name().toLowerCase(Locale.ROOT);
  }

  /** The name as stored and as the API writes it: {@code owner}, {@code service_account}. */
  public String stored() {
    return stored;
  }

  /** The relation a stored name names. */
  public static EdgeRelation ofStored(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /** The kind (of the core group) every target of this relation has; null for any (owners). */
  public String targetKind() {
    return targetKind;
  }

  /** The types that state this relation; empty for any (owners). */
  public List<Source> sources() {
    return switch (this) {
      case OWNER -> List.of();
      case VOLUME -> CLAIMS;
      case BACKEND -> INGRESSES;
      default -> PODS;
    };
  }

  /**
   * Whether the store keeps a row per target of this relation: for owners, nodes and volumes, whose
   * sources may be in any namespace. A ConfigMap, Secret, ServiceAccount, claim or Service is named
   * only by objects of its own namespace, so what names it is found by reading those.
   */
  public boolean keptByTarget() {
    return this == OWNER || this == NODE || this == VOLUME;
  }
}
