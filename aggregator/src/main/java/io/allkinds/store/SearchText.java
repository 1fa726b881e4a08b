package io.allkinds.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
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
  private static final int BATCH = 1000;

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

  /** Fills the search text of rows stored before schema version 3; returns how many were filled. */
  static long backfill(DataSource dataSource) throws SQLException {
    long filled = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement find =
            c.prepareStatement(
                "SELECT cluster, api_group, resource, namespace, name, labels"
                    + " FROM objects WHERE search_text IS NULL FETCH FIRST "
                    + BATCH
                    + " ROWS ONLY");
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE objects SET search_text = ? WHERE cluster = ?"
                    + " AND api_group = ? AND resource = ? AND namespace = ? AND name = ?")) {
      while (true) {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            rows.add(
                new String[] {
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)
                });
          }
        }
        for (String[] r : rows) {
          update.setString(1, of(r[4], r[3], labels(r[5])));
          for (int i = 0; i < 5; i++) {
            update.setString(i + 2, r[i]);
          }
          update.addBatch();
        }
        update.executeBatch();
        filled += rows.size();
        if (rows.size() < BATCH) {
          return filled;
        }
        if (filled % 100_000 == 0) {
          LOG.info(
              "store: filling the search text of objects stored before schema version 3: {} so far",
              filled);
        }
      }
    }
  }

  private static Map<String, String> labels(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }
}
