package io.allkinds.store;

import io.allkinds.model.CountRow;
import io.allkinds.model.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Counts live objects grouped by cluster, group, kind, resource and/or namespace. Without namespace
 * it reads the per-type counts the writer keeps; by namespace it groups the objects.
 */
public final class CountQueries {

  /** The dimensions a count can be grouped by, and their columns. */
  public static final Map<String, String> DIMENSIONS =
      Map.of(
          "cluster",
          "cluster",
          "group",
          "api_group",
          "kind",
          "kind",
          "resource",
          "resource",
          "namespace",
          "namespace");

  /**
   * At most this many groups are returned (one more is read, so the caller can tell it was cut).
   */
  public static final int MAX_ROWS = 10_000;

  private final DataSource dataSource;

  public CountQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Counts grouped by {@code by} (one or more names from {@link #DIMENSIONS}), for the given
   * clusters (all when empty); at most {@link #MAX_ROWS} + 1 groups.
   */
  public List<CountRow> counts(List<String> by, List<String> clusters) {
    if (by.isEmpty() || !DIMENSIONS.keySet().containsAll(by)) {
      throw new IllegalArgumentException(
          "dimensions must be some of " + DIMENSIONS.keySet() + ": " + by);
    }
    List<String> columns = by.stream().map(DIMENSIONS::get).toList();
    String cols = String.join(", ", columns);
    Where where = new Where().in("cluster", clusters);
    String counted;
    if (by.contains("namespace")) {
      // Namespaces are only in the objects themselves; kinds and clusters have counts kept per
      // type.
      where.add("deleted = FALSE");
      counted = "COUNT(*) FROM objects";
    } else {
      where.add("state <> ?", SyncState.GONE.wireName()).add("objects > 0");
      counted = "SUM(objects) FROM resource_types";
    }
    String sql =
        "SELECT "
            + cols
            + ", "
            + counted
            + where.sql()
            + " GROUP BY "
            + cols
            + " ORDER BY "
            + cols
            + " FETCH FIRST "
            + (MAX_ROWS + 1)
            + " ROWS ONLY";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = Rows.prepare(c, sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<CountRow> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, String> dims = new LinkedHashMap<>();
          for (int i = 0; i < by.size(); i++) {
            dims.put(by.get(i), rs.getString(i + 1));
          }
          out.add(new CountRow(dims, rs.getLong(by.size() + 1)));
        }
        return out;
      }
    } catch (SQLException e) {
      throw Rows.failure(e, "the counts", "count fewer clusters, or group by fewer dimensions");
    }
  }
}
