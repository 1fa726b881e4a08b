package io.allkinds.kubeapi;

import io.allkinds.model.JournalEntry;
import io.allkinds.model.ResourceType;
import java.util.Objects;

/**
 * What one watch follows, settled when it opens: the path's clusters and type, the namespace and
 * name its path or field selector narrow it to (null for any), the Table layout when it renders
 * Tables (null for objects), and where in the journal it starts.
 *
 * @param start the journal sequence number the watch goes on after
 * @param expired the 410 Expired Status the watch answers when {@code start} is older than the
 *     journal keeps, else null
 */
record WatchPlan(
    KubePath path,
    ResourceType type,
    ListParams params,
    Rendering rendering,
    FleetScope scope,
    String namespace,
    String name,
    TableLayout layout,
    long start,
    KubeStatus expired) {

  /**
   * Whether {@code e} may be an event of this watch: it is of the watch's cluster, type, namespace
   * and name (its labels and other fields are checked on its body).
   */
  boolean mayMatch(JournalEntry e) {
    return scope.takes(e.cluster())
        && e.type().group().equals(type.group())
        && e.type().resource().equals(type.resource())
        && (namespace == null || Objects.equals(namespace, nullToEmpty(e.namespace())))
        && (name == null || name.equals(e.name()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
