package io.allkinds.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.ObjectKey;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text {@code q=} searches in: an object's name, namespace and label values, lower-cased, one
 * per line, kept in {@code objects.search_text} so that a substring search is a single LIKE (and,
 * on PostgreSQL, a trigram index scan).
 */
final class SearchText {

  private static final Logger LOG = LoggerFactory.getLogger(SearchText.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private SearchText() {}

  /** The search text of one object. */
  static String of(String name, String namespace, Map<String, String> labels) {
    StringBuilder s =
        new StringBuilder(name.length() + namespace.length() + 16 * labels.size() + 2);
    s.append(name.toLowerCase(Locale.ROOT)).append('\n').append(namespace.toLowerCase(Locale.ROOT));
    for (String v : labels.values()) {
      if (v != null && !v.isEmpty()) {
        s.append('\n').append(v.toLowerCase(Locale.ROOT));
      }
    }
    return s.toString();
  }

  /** The LIKE pattern that finds {@code text} anywhere in a search text. */
  static String pattern(String text) {
    return "%"
        + text.toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_")
        + "%";
  }

  /**
   * The search text of a stored row, whose labels are the JSON object of the {@code labels} column.
   * Labels that are not such an object are logged (with the object and the cause) and left out: the
   * object stays findable by name and namespace.
   */
  static String ofStored(ObjectKey key, String labelsJson) {
    Map<String, String> labels;
    try {
      labels = JSON.readValue(labelsJson, LABELS);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "store: the labels of {} in cluster {} are not a JSON object of strings; its search text"
              + " holds its name and namespace only",
          key,
          key.cluster(),
          e);
      labels = Map.of();
    }
    return of(key.name(), key.namespace(), labels == null ? Map.of() : labels);
  }
}
