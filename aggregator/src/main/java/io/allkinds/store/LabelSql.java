package io.allkinds.store;

import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds label-selector and text-search conditions on {@code objects o} to a WHERE clause, and picks
 * the label that drives a listing.
 */
final class LabelSql {

  private static final String CORRELATE =
      "SELECT 1 FROM object_labels l WHERE l.search_id = o.search_id";

  /** The fewest label rows a driver may have before the objects are counted against them. */
  private static final long MIN_DRIVEN = 1000;

  /** The most cluster and type pairs whose hashes narrow a driving label. */
  private static final int MAX_TYPE_HASHES = 200;

  private LabelSql() {}

  /**
   * The requirement that drives a listing from the label index (its objects joined by search id,
   * then sorted), or null to walk the objects in page order, checking each one's labels, until the
   * page is full. It is the first = or in requirement, unless it has so many label rows that the
   * walk reads fewer: of N objects, a label on L of them fills a page of P after about P N / L, so
   * the index drives only below sqrt(P N) rows, which a bounded count of the index tells. N is the
   * live objects of the query's clusters and types ({@code typeHashes} not null), or of all.
   */
  static LabelRequirement driver(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, List<Integer> typeHashes)
      throws SQLException {
    LabelRequirement driver =
        q.selector().stream()
            .filter(
                r ->
                    r.operator() == LabelRequirement.Operator.EQUALS
                        || r.operator() == LabelRequirement.Operator.IN)
            .findFirst()
            .orElse(null);
    if (driver == null) {
      return null;
    }
    // Few rows (the usual case) drive at once; only a label on more counts the objects too.
    if (labelRows(c, driver, typeHashes, MIN_DRIVEN) < MIN_DRIVEN) {
      return driver;
    }
    Where scope = new Where();
    if (typeHashes != null) {
      scope.in("cluster", q.clusters());
      if (types != null) {
        KindResolver.restrict(scope, "", types);
      } else {
        scope.eq("api_group", q.group()).eq("resource", q.resource());
      }
    }
    long objects;
    try (PreparedStatement ps =
        Rows.prepare(c, "SELECT COALESCE(SUM(objects), 0) FROM resource_types" + scope.sql())) {
      scope.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        objects = rs.next() ? rs.getLong(1) : 0;
      }
    }
    long cap = (long) Math.sqrt((double) q.limit() * objects);
    return cap > MIN_DRIVEN && labelRows(c, driver, typeHashes, cap) < cap ? driver : null;
  }

  /**
   * The label index rows of {@code driver} in the types of {@code typeHashes}, up to {@code cap}.
   */
  private static long labelRows(
      Connection c, LabelRequirement driver, List<Integer> typeHashes, long cap)
      throws SQLException {
    Where where = new Where();
    indexed(where, "", driver, typeHashes);
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT COUNT(*) FROM (SELECT 1 FROM object_labels"
                + where.sql()
                + " FETCH FIRST "
                + cap
                + " ROWS ONLY) t")) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * The conditions on the label index of table alias {@code p} ("d." or "") for {@code driver}, in
   * the types whose hashes are {@code typeHashes} (null for any type).
   */
  static void indexed(Where where, String p, LabelRequirement driver, List<Integer> typeHashes) {
    where.add(p + "label_key = ?", driver.key()).in(p + "label_value", driver.values());
    if (typeHashes != null) {
      where.in(p + "type_hash", typeHashes);
    }
  }

  /**
   * The type hashes ({@link TypeHash}) of the query's clusters and types, or null when it names no
   * cluster, no type, or too many pairs of them to list.
   */
  static List<Integer> typeHashes(ObjectQuery q, List<KindResolver.GroupResource> types) {
    List<KindResolver.GroupResource> pairs = types;
    if (pairs == null && q.group() != null && q.resource() != null) {
      pairs = List.of(new KindResolver.GroupResource(q.group(), q.resource()));
    }
    if (q.clusters().isEmpty()
        || pairs == null
        || pairs.isEmpty()
        || (long) q.clusters().size() * pairs.size() > MAX_TYPE_HASHES) {
      return null;
    }
    List<Integer> hashes = new ArrayList<>();
    for (String cluster : q.clusters()) {
      for (KindResolver.GroupResource t : pairs) {
        hashes.add(TypeHash.of(cluster, t.group(), t.resource()));
      }
    }
    return hashes;
  }

  static void selector(Where where, List<LabelRequirement> selector) {
    for (LabelRequirement r : selector) {
      List<Object> params = new ArrayList<>();
      params.add(r.key());
      String values = "";
      if (!r.values().isEmpty()) {
        values =
            " AND l.label_value IN ("
                + String.join(", ", r.values().stream().map(v -> "?").toList())
                + ")";
        params.addAll(r.values());
      }
      String exists = "EXISTS (" + CORRELATE + " AND l.label_key = ?" + values + ")";
      boolean negated =
          switch (r.operator()) {
            case EQUALS, IN, EXISTS -> false;
            case NOT_EQUALS, NOT_IN, DOES_NOT_EXIST -> true;
          };
      where.add(negated ? "NOT " + exists : exists, params.toArray());
    }
  }

  /** Case-insensitive substring of the name, the namespace or any label value. */
  static void text(Where where, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    where.add("o.search_text LIKE ? ESCAPE '\\'", SearchText.pattern(text));
  }

  /**
   * Whether labels, name and namespace pass the same filters, for rows rebuilt from the journal.
   */
  static boolean matches(
      List<LabelRequirement> selector,
      String text,
      java.util.Map<String, String> labels,
      String namespace,
      String name) {
    if (!selector.stream().allMatch(r -> r.matches(labels))) {
      return false;
    }
    if (text == null || text.isEmpty()) {
      return true;
    }
    String t = text.toLowerCase(Locale.ROOT);
    return name.toLowerCase(Locale.ROOT).contains(t)
        || namespace.toLowerCase(Locale.ROOT).contains(t)
        || labels.values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(t));
  }
}
