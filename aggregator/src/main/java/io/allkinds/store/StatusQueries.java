package io.allkinds.store;

import io.allkinds.model.ClusterStatusView;
import io.allkinds.model.ResourceTypeView;
import io.allkinds.model.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the state of clusters and of their resource types, as the watches wrote it. */
public final class StatusQueries {

  private static final String CLUSTERS =
      "SELECT c.name, c.server, c.state, c.message, c.updated_at, c.last_change_at,"
          + " (SELECT COUNT(*) FROM resource_types t WHERE t.cluster = c.name AND t.state <> ?) AS types,"
          + " (SELECT COUNT(*) FROM resource_types t WHERE t.cluster = c.name AND t.state IN (?, ?))"
          + " AS synced,"
          + " (SELECT COALESCE(SUM(t.objects), 0) FROM resource_types t WHERE t.cluster = c.name) AS objects,"
          + " (SELECT l.owner FROM leases l WHERE l.kind = ? AND l.name = c.name"
          + " AND l.expires_at > CURRENT_TIMESTAMP AND l.owner <> ?) AS owner"
          + " FROM clusters c ORDER BY c.name";
  private static final String TYPES =
      "SELECT cluster, api_group, version, resource, kind, namespaced, state, message,"
          + " objects, last_change_at, listed_at FROM resource_types";

  private final DataSource dataSource;

  public StatusQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every known cluster, by name. */
  public List<ClusterStatusView> clusters() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(CLUSTERS)) {
      ps.setString(1, SyncState.GONE.wireName());
      ps.setString(2, SyncState.WATCHING.wireName()); // a forbidden type is as synced as it can be
      ps.setString(3, SyncState.FORBIDDEN.wireName());
      ps.setString(4, Leases.CLUSTER);
      ps.setString(5, LeaseRows.NOBODY);
      return clusters(ps);
    } catch (SQLException e) {
      throw new StoreException("cannot read clusters: " + e.getMessage(), e);
    }
  }

  private static List<ClusterStatusView> clusters(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<ClusterStatusView> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new ClusterStatusView(
                rs.getString("name"),
                rs.getString("server"),
                rs.getString("state"),
                rs.getString("message"),
                rs.getLong("types"),
                rs.getLong("synced"),
                rs.getLong("objects"),
                SqlTime.read(rs, "updated_at"),
                SqlTime.read(rs, "last_change_at"),
                rs.getString("owner")));
      }
      return out;
    }
  }

  /**
   * The configured clusters that have not finished their first sync (unreachable ones do not
   * count).
   */
  public List<String> notReady(List<String> configured) {
    List<String> waiting = new ArrayList<>(configured);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name, state FROM clusters");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String state = rs.getString("state");
        if (!state.equals(SyncState.CONNECTING.wireName())
            && !state.equals(SyncState.LISTING.wireName())) {
          waiting.remove(rs.getString("name"));
        }
      }
      return waiting;
    } catch (SQLException e) {
      throw new StoreException("cannot read clusters: " + e.getMessage(), e);
    }
  }

  /** Whether the store knows the cluster {@code name} (configured now or synced before). */
  public boolean hasCluster(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM clusters WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read clusters: " + e.getMessage(), e);
    }
  }

  /** The resource types of the given clusters (all when empty), by cluster, group and resource. */
  public List<ResourceTypeView> resourceTypes(List<String> clusters) {
    Where where = new Where().in("cluster", clusters);
    String sql = TYPES + where.sql() + " ORDER BY cluster, api_group, resource";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<ResourceTypeView> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new ResourceTypeView(
                  rs.getString("cluster"),
                  Rows.type(rs, rs.getBoolean("namespaced")),
                  rs.getString("state"),
                  rs.getString("message"),
                  rs.getLong("objects"),
                  SqlTime.read(rs, "last_change_at"),
                  SqlTime.read(rs, "listed_at")));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read resource types: " + e.getMessage(), e);
    }
  }
}
