package io.allkinds.store;

import io.allkinds.model.CountRow;
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
 * Counts live objects grouped by cluster, group, kind, resource and/or namespace. Without
 * namespace it reads the per-type counts the writer keeps; by namespace it groups the objects.
 */
public final class CountQueries {

  /** The dimensions a count can be grouped by, and their columns. */
  public static final Map<String, String> DIMENSIONS = Map.of("cluster", "cluster", "group", "api_group",
      "kind", "kind", "resource", "resource", "namespace", "namespace");

  private final DataSource dataSource;

  public CountQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Counts grouped by {@code by} (names from {@link #DIMENSIONS}), for the given clusters (all when empty). */
  public List<CountRow> counts(List<String> by, List<String> clusters) {
    List<String> columns = by.stream().map(DIMENSIONS::get).toList();
    String cols = String.join(", ", columns);
    String sql;
    Where where = new Where().in("cluster", clusters);
    if (by.contains("namespace")) {
      where.add("deleted = FALSE");
      sql = "SELECT " + cols + ", COUNT(*) FROM objects" + where.sql() + " GROUP BY " + cols + " ORDER BY " + cols;
    } else {
      where.add("state <> 'gone'").add("objects > 0");
      sql = "SELECT " + cols + ", SUM(objects) FROM resource_types" + where.sql() + " GROUP BY " + cols
          + " ORDER BY " + cols;
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
      throw new StoreException("cannot count objects: " + e.getMessage(), e);
    }
  }
}
