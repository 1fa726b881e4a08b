package io.allkinds.model;

import java.util.Locale;

/** How one object points at another; stored in lower case ({@link #stored()}). */
public enum EdgeRelation {
  /** metadata.ownerReferences: the target owns the source. */
  OWNER,
  /** A Pod's spec.nodeName. */
  NODE,
  /** A Pod's spec.serviceAccountName. */
  SERVICE_ACCOUNT,
  /** A ConfigMap a Pod mounts or reads its environment from. */
  CONFIG_MAP,
  /** A Secret a Pod mounts, reads its environment from, or pulls images with. */
  SECRET,
  /** A PersistentVolumeClaim a Pod mounts. */
  CLAIM,
  /** The PersistentVolume a claim is bound to (spec.volumeName). */
  VOLUME,
  /** A Service an Ingress routes to. */
  BACKEND;

  /** The name as stored and as the API writes it: {@code owner}, {@code service_account}. */
  public String stored() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The relation a stored name names. */
  public static EdgeRelation ofStored(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }
}
