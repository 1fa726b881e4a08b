package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Answers "what is there now": pages of the latest state of objects, in key order. */
public final class InventoryQueries {

  private static final String COLUMNS = "cluster, api_group, version, resource, kind, namespace, name, uid,"
      + " resource_version, labels, created_at, observed_at, deleted";

  private final DataSource dataSource;
  private final Rows rows;

  public InventoryQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /** One page of objects matching the query, at most {@code limit} long. */
  public List<ObjectSummary> list(ObjectQuery q) {
    Where where = new Where()
        .in("cluster", q.clusters())
        .eq("api_group", q.group())
        .when(q.version(), "version = ?", q.version())
        .when(q.kind(), "LOWER(kind) = ?", q.kind() == null ? null : q.kind().toLowerCase(Locale.ROOT))
        .when(q.resource(), "resource = ?", q.resource())
        .when(q.namespace(), "namespace = ?", q.namespace())
        .when(q.name(), "name = ?", q.name());
    if (!q.includeDeleted()) {
      where.add("deleted = FALSE");
    }
    ObjectKey a = q.after();
    if (a != null) {
      where.add("(cluster, api_group, resource, namespace, name) > (?, ?, ?, ?, ?)",
          a.cluster(), a.group(), a.resource(), a.namespace(), a.name());
    }
    String sql = "SELECT " + COLUMNS + (q.full() ? ", body" : "") + " FROM objects" + where.sql()
        + " ORDER BY cluster, api_group, resource, namespace, name FETCH FIRST " + q.limit() + " ROWS ONLY";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<ObjectSummary> out = new ArrayList<>();
        while (rs.next()) {
          boolean namespaced = !rs.getString("namespace").isEmpty();
          out.add(new ObjectSummary(rs.getString("cluster"), Rows.type(rs, namespaced),
              Rows.nullIfEmpty(rs.getString("namespace")), rs.getString("name"), rs.getString("uid"),
              rs.getString("resource_version"), rs.getString("labels"), Rows.instant(rs, "created_at"),
              Rows.instant(rs, "observed_at"), rs.getBoolean("deleted"), q.full() ? rows.body(rs) : null));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot list objects: " + e.getMessage(), e);
    }
  }
}
