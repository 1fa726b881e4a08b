package io.allkinds.store;

import io.allkinds.model.CompareCopy;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Answers "why is this one different": one object compared across two clusters or two instants, and
 * every cluster's copy of it grouped by content (fleet drift). The store reads the copies; the web
 * layer normalizes and compares them. An object is named by group and kind (its version is left
 * out: clusters may serve it at different preferred versions), namespace and name.
 */
public final class CompareQueries {

  /** The most clusters' copies one drift request reads (in cluster order). */
  public static final int MAX_CLUSTERS = 1000;

  /** The live copy of one stored identity. */
  private static final String LIVE =
      "SELECT cluster, resource_version, seq, body FROM objects"
          + ObjectKeySql.WHERE
          + " AND deleted = FALSE";

  /** An identity's last journal entry at or before a seq: six parameters, the key's and the seq. */
  private static final String ENTRY =
      "SELECT cluster, event_type, resource_version, seq, body FROM journal"
          + ObjectKeySql.WHERE
          + " AND seq <= ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";

  private static final String CLUSTERS = "SELECT name FROM clusters ORDER BY name";

  private final DataSource dataSource;
  private final Rows rows;

  public CompareQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /**
   * The live copy of the object in {@code n.cluster()}; empty when it has none (or was deleted).
   */
  public Optional<CompareCopy> live(ObjectName n) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = Rows.prepare(c, LIVE)) {
      for (KindResolver.GroupResource t : types(c, List.of(n.cluster()), n)) {
        ObjectKeySql.bind(ps, 1, key(n.cluster(), t, n));
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return Optional.of(copy(rs));
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw Rows.failure(e, "the object", "retry");
    }
  }

  /**
   * The object in {@code n.cluster()} as it was at {@code t}: its last journal entry at or before
   * the journal's last seq at {@code t}; empty when there is none or it was a deletion.
   */
  public Optional<CompareCopy> asOf(ObjectName n, Instant t) {
    try (Connection c = dataSource.getConnection()) {
      long boundary = JournalClock.lastSeqBefore(c, t, true);
      if (boundary == 0) {
        return Optional.empty();
      }
      CompareCopy best = null;
      boolean deleted = false;
      try (PreparedStatement ps = Rows.prepare(c, ENTRY)) {
        for (KindResolver.GroupResource type : types(c, List.of(n.cluster()), n)) {
          ps.setLong(ObjectKeySql.bind(ps, 1, key(n.cluster(), type, n)), boundary);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && (best == null || rs.getLong("seq") > best.seq())) {
              deleted = EventType.DELETED.name().equals(rs.getString("event_type"));
              best = copy(rs);
            }
          }
        }
      }
      return best == null || deleted ? Optional.empty() : Optional.of(best);
    } catch (SQLException e) {
      throw Rows.failure(e, "the object's journal", "retry");
    }
  }

  /**
   * Hands {@code sink} every cluster's live copy of the object ({@code n.cluster()} is not read),
   * in cluster order, at most {@link #MAX_CLUSTERS}, one body at a time; answers how many it handed
   * over. The identities are found on the objects' name index, then each body is read by its key,
   * so that no result set holds many bodies. The sink may stop the reading by throwing.
   */
  public int copies(ObjectName n, Consumer<CompareCopy> sink) {
    try (Connection c = dataSource.getConnection()) {
      List<KindResolver.GroupResource> types = types(c, List.of(), n);
      if (types.isEmpty()) {
        return 0;
      }
      Where where =
          new Where()
              .add("name = ?", n.name())
              .add("namespace = ?", n.namespace())
              .add("deleted = FALSE");
      KindResolver.restrict(where, "", types);
      // CONCAT keeps the planner on the name index: ordering by the primary key's first column
      // could otherwise tempt it to walk the whole key in order.
      String sql =
          "SELECT cluster, api_group, resource FROM objects"
              + where.sql()
              + " ORDER BY CONCAT(cluster, ''), api_group, resource FETCH FIRST "
              + MAX_CLUSTERS
              + " ROWS ONLY";
      List<ObjectKey> keys = new ArrayList<>();
      try (PreparedStatement ps = Rows.prepare(c, sql)) {
        where.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(
                new ObjectKey(
                    rs.getString(1), rs.getString(2), rs.getString(3), n.namespace(), n.name()));
          }
        }
      }
      int handed = 0;
      String previous = null;
      try (PreparedStatement ps = Rows.prepare(c, LIVE)) {
        for (ObjectKey k : keys) {
          if (k.cluster().equals(previous)) {
            continue; // one copy per cluster, should a kind be served by two resources
          }
          ObjectKeySql.bind(ps, 1, k);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              sink.accept(copy(rs));
              handed++;
              previous = k.cluster();
            }
          }
        }
      }
      return handed;
    } catch (SQLException e) {
      throw Rows.failure(e, "the object's copies", "retry");
    }
  }

  /** The clusters the store knows (configured, with a status row), by name. */
  public List<String> clusters() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = Rows.prepare(c, CLUSTERS);
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw Rows.failure(e, "the clusters", "retry");
    }
  }

  private static List<KindResolver.GroupResource> types(
      Connection c, List<String> clusters, ObjectName n) throws SQLException {
    return KindResolver.resolve(c, clusters, n.group(), null, n.kind(), null);
  }

  private static ObjectKey key(String cluster, KindResolver.GroupResource t, ObjectName n) {
    return new ObjectKey(cluster, t.group(), t.resource(), n.namespace(), n.name());
  }

  private CompareCopy copy(ResultSet rs) throws SQLException {
    return new CompareCopy(
        rs.getString("cluster"),
        rs.getString("resource_version"),
        rs.getLong("seq"),
        rows.bodyBytes(rs));
  }
}
