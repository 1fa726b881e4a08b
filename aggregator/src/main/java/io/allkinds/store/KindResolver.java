package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a case-insensitive kind (and optional group and version) into the group and plural resource
 * pairs that store it, using the small {@code resource_types} table, so that object queries run on
 * the objects' primary key instead of scanning for a kind.
 */
final class KindResolver {

  /** A stored type: group and plural resource. */
  record GroupResource(String group, String resource) {}

  private KindResolver() {}

  static List<GroupResource> resolve(
      Connection c,
      List<String> clusters,
      String group,
      String version,
      String kind,
      String resource)
      throws SQLException {
    Where where =
        new Where()
            .in("cluster", clusters)
            .eq("api_group", group)
            .when(version, "version = ?", version)
            .when(kind, "LOWER(kind) = ?", kind == null ? null : kind.toLowerCase(Locale.ROOT))
            .when(resource, "resource = ?", resource);
    Set<GroupResource> out = new LinkedHashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT api_group, resource FROM resource_types"
                + where.sql()
                + " ORDER BY api_group, resource")) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new GroupResource(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * {@code ((api_group = ? AND resource = ?) OR ...)} for the pairs, with {@code prefix} on the
   * columns.
   */
  static Where restrict(Where where, String prefix, List<GroupResource> pairs) {
    if (pairs.isEmpty()) {
      return where.add("1 = 0");
    }
    List<Object> params = new ArrayList<>();
    List<String> terms = new ArrayList<>();
    for (GroupResource p : pairs) {
      terms.add("(" + prefix + "api_group = ? AND " + prefix + "resource = ?)");
      params.add(p.group());
      params.add(p.resource());
    }
    return where.add("(" + String.join(" OR ", terms) + ")", params.toArray());
  }
}
