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

  private static final String[] KEY_COLUMNS = {
    "o.cluster", "o.api_group", "o.resource", "o.namespace", "o.name"
  };

  private InventoryWhere() {}

  /** The query's identity conditions on {@code o}, and the condition to continue after its page. */
  static Where identity(ObjectQuery q, List<KindResolver.GroupResource> types) {
    Where where = new Where();
    constrain(where, "o.", q, types);
    if (q.after() != null) {
      ObjectKey a = q.after().key();
      switch (q.sort()) {
        case KEY -> {
          String[] after = {a.cluster(), a.group(), a.resource(), a.namespace(), a.name()};
          where.add("(" + KEY + ") > (?, ?, ?, ?, ?)", (Object[]) after);
          startAt(where, KEY_COLUMNS, pinned(q, types), after);
        }
        // H2 takes o.name >= ? from this row comparison's first column itself: no bound needed.
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
   * Makes the index range of a continued page start at the cursor. H2 takes no range start from a
   * row comparison beyond its first column, so a page after {@code (c, g, r, ns, n)} with cluster
   * and type pinned by equality walked the key from the start of the type: a full paged list read
   * O(n²/page) rows. A plain {@code column >= ?} on the first column the query does not pin by
   * equality is a range start both H2 and PostgreSQL use; the row comparison stays for exactness.
   *
   * <p>The bound is redundant, never narrowing: every row the query admits has each pinned column
   * equal to its pinned value, so when the columns before {@code columns[i]} are pinned to the
   * cursor's own values, the row comparison admits only rows with {@code columns[i] >= after[i]}.
   * When a pinned value differs from the cursor's, the row comparison admits all rows or none and
   * no bound is added.
   *
   * @param pinned each column's value when the query pins it by equality, else null
   */
  private static void startAt(Where where, String[] columns, String[] pinned, String[] after) {
    for (int i = 0; i < columns.length; i++) {
      if (pinned[i] == null) {
        where.add(columns[i] + " >= ?", after[i]);
        return;
      }
      if (!pinned[i].equals(after[i])) {
        return;
      }
    }
  }

  /**
   * The values {@link #constrain} pins by equality, in {@link #KEY} order, null where it does not
   * (several clusters or types, no namespace or name); the empty string is a real namespace and
   * group, but an empty resource or name pins nothing.
   */
  private static String[] pinned(ObjectQuery q, List<KindResolver.GroupResource> types) {
    String group = q.group();
    String resource = q.resource() == null || q.resource().isEmpty() ? null : q.resource();
    if (types != null) {
      group = types.size() == 1 ? types.get(0).group() : null;
      resource = types.size() == 1 ? types.get(0).resource() : null;
    }
    return new String[] {
      q.clusters().size() == 1 ? q.clusters().get(0) : null,
      group,
      resource,
      q.namespace(),
      q.name() == null || q.name().isEmpty() ? null : q.name()
    };
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
