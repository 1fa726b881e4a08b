package io.allkinds.store;

import io.allkinds.model.LabelRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Adds label-selector and text-search conditions on {@code objects o} to a WHERE clause. */
final class LabelSql {

  private static final String CORRELATE =
      "SELECT 1 FROM object_labels l WHERE l.cluster = o.cluster"
          + " AND l.api_group = o.api_group AND l.resource = o.resource AND l.namespace = o.namespace"
          + " AND l.name = o.name";

  private LabelSql() {}

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
