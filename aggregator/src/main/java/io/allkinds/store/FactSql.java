package io.allkinds.store;

import io.allkinds.model.StoredText;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal conditions on what a change touched and who made it, over the delimited text columns
 * {@code changed_paths} and {@code actors} (see {@link StoredText}), as portable {@code LIKE}s: the
 * in-SQL twin of {@code ChangeQuery.matches}.
 */
final class FactSql {

  private FactSql() {}

  /**
   * Keeps additions, deletions, modifications whose paths are unknown, and modifications that
   * touched a path at, under or above one of {@code prefixes}.
   */
  static Where changed(Where where, List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return where;
    }
    List<String> likes = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (String prefix : prefixes) {
      String escaped = like(StoredText.escape(prefix));
      likes.add("changed_paths LIKE ? ESCAPE '!'");
      params.add("%," + escaped + ",%");
      likes.add("changed_paths LIKE ? ESCAPE '!'");
      params.add("%," + escaped + "/%");
      for (int slash = prefix.lastIndexOf('/');
          slash > 0;
          slash = prefix.lastIndexOf('/', slash - 1)) {
        likes.add("changed_paths LIKE ? ESCAPE '!'");
        params.add("%," + like(StoredText.escape(prefix.substring(0, slash))) + ",%");
      }
    }
    return where.add(
        "(event_type <> 'MODIFIED' OR changed_paths IS NULL OR " + String.join(" OR ", likes) + ")",
        params.toArray());
  }

  /** Keeps the entries the field manager {@code name} wrote, or the tool {@code name} applied. */
  static Where madeBy(Where where, String name) {
    if (name == null || name.isEmpty()) {
      return where;
    }
    String escaped = like(StoredText.escape(name));
    return where.add(
        "(actors LIKE ? ESCAPE '!' OR applied_by LIKE ? ESCAPE '!')",
        "%," + escaped + "|%",
        escaped + ":%");
  }

  /** {@code value} with LIKE's wildcards and the escape character escaped by '!'. */
  static String like(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
