package io.allkinds.store;

import io.allkinds.model.ResourceType;
import io.allkinds.model.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Tells a starting cluster which types it synced before and from which resourceVersion each watch
 * may resume.
 */
public final class ResumePoints {

  /**
   * A type known from an earlier run and where its watch stopped (null: it never finished a list).
   */
  public record Point(ResourceType type, String resourceVersion) {}

  private static final String SQL =
      "SELECT api_group, version, resource, kind, namespaced, resource_version"
          + " FROM resource_types WHERE cluster = ? AND state <> ?";

  private final DataSource dataSource;

  public ResumePoints(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every type stored for the cluster; blocking. */
  public List<Point> of(String cluster) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setString(1, cluster);
      ps.setString(2, SyncState.GONE.wireName());
      try (ResultSet rs = ps.executeQuery()) {
        List<Point> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Point(
                  Rows.type(rs, rs.getBoolean("namespaced")), rs.getString("resource_version")));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read resume points of cluster " + cluster + ": " + e.getMessage(), e);
    }
  }
}
