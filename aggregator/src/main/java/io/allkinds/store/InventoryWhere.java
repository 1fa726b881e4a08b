package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import java.util.List;

/**
 * The identity conditions of an inventory query (cluster, type, namespace, name, and where the
 * previous page ended) on {@code objects o}, shared by the live listing and the as-of rebuild.
 */
final class InventoryWhere {

  /** The object key's columns on {@code objects o}, in key order. */
  static final String KEY = "o.cluster, o.api_group, o.resource, o.namespace, o.name";

  private InventoryWhere() {}

  /** The query's identity conditions on {@code o}, and the condition to continue after its page. */
  static Where identity(ObjectQuery q, List<KindResolver.GroupResource> types) {
    Where where = new Where();
    constrain(where, "o.", q, types);
    if (q.after() != null) {
      ObjectKey a = q.after().key();
      switch (q.sort()) {
        case KEY ->
            where.add(
                "(" + KEY + ") > (?, ?, ?, ?, ?)",
                a.cluster(),
                a.group(),
                a.resource(),
                a.namespace(),
                a.name());
        case NAME ->
            where.add(
                "(o.name, o.cluster, o.api_group, o.resource, o.namespace) > (?, ?, ?, ?, ?)",
                a.name(),
                a.cluster(),
                a.group(),
                a.resource(),
                a.namespace());
        case LAST_CHANGE -> where.add("o.seq < ?", q.after().seq());
      }
    }
    return where;
  }

  /**
   * Cluster, type, namespace and name conditions on the table with alias {@code p} ("o." or "d.").
   */
  static void constrain(
      Where where, String p, ObjectQuery q, List<KindResolver.GroupResource> types) {
    where.in(p + "cluster", q.clusters());
    if (types != null) {
      KindResolver.restrict(where, p, types);
    } else {
      where.eq(p + "api_group", q.group()).when(q.resource(), p + "resource = ?", q.resource());
    }
    where.eq(p + "namespace", q.namespace()).when(q.name(), p + "name = ?", q.name());
  }
}
