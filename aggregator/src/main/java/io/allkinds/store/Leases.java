package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease rows in the shared store: which replica owns which cluster (and fleet-wide task) until
 * when. Times are the database's, so replicas need no synchronised clocks. Taking a lease locks the
 * journal head first, so it orders against every batch a previous owner may still be committing:
 * the new owner reads resume points only after the old owner's last write. As a {@link WriteFence},
 * it lets the writer apply only ops of clusters this replica holds.
 */
public final class Leases implements WriteFence {

  /** The lease kind that gives a cluster to one replica. */
  public static final String CLUSTER = "cluster";

  /** The lease kind that elects one replica for a fleet-wide chore. */
  public static final String TASK = "task";

  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final String owner;
  private final Duration period;
  private final Duration renewEvery;
  private final Duration validity;

  /**
   * Leases of {@code period}: renewed every fifth of it, each renewal valid for the other four
   * fifths. A replica that dies has its leases expire, and a survivor notices at its next pass,
   * within one period of the death; a live replica keeps its leases through three missed passes.
   */
  public Leases(DataSource dataSource, String owner, Duration period) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.period = period;
    this.renewEvery = period.dividedBy(5);
    this.validity = period.minus(renewEvery);
  }

  /** How often a holder must renew (and a survivor look for expired leases). */
  public Duration renewEvery() {
    return renewEvery;
  }

  /** This replica's id, the owner written into the leases it holds. */
  public String owner() {
    return owner;
  }

  /**
   * Creates a free lease row for each name that has none; replicas may race, the first insert wins.
   */
  public void ensure(String kind, Collection<String> names) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO leases (kind, name, owner, expires_at)"
                    + " SELECT ?, ?, '', ? FROM journal_head WHERE id = 1"
                    + " AND NOT EXISTS (SELECT 1 FROM leases WHERE kind = ? AND name = ?)")) {
      for (String name : names) {
        ps.setString(1, kind);
        ps.setString(2, name);
        ps.setObject(3, time(Instant.EPOCH));
        ps.setString(4, kind);
        ps.setString(5, name);
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Records that this replica is alive; returns how many replicas are (this one included). A
   * replica counts as alive as long as a lease it renewed in the same pass would be valid, so a
   * dead one stops counting when its leases expire and the survivors' fair share grows at that
   * moment.
   */
  public int heartbeat() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Instant now = now(c);
      try (PreparedStatement up =
          c.prepareStatement("UPDATE replicas SET heartbeat_at = ? WHERE id = ?")) {
        up.setObject(1, time(now));
        up.setString(2, owner);
        if (up.executeUpdate() == 0) {
          try (PreparedStatement in =
              c.prepareStatement(
                  "INSERT INTO replicas (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
            in.setString(1, owner);
            in.setObject(2, time(now));
            in.setObject(3, time(now));
            in.executeUpdate();
          }
        }
      }
      try (PreparedStatement gone =
          c.prepareStatement("DELETE FROM replicas WHERE heartbeat_at < ?")) {
        gone.setObject(1, time(now.minus(period.multipliedBy(10))));
        gone.executeUpdate();
      }
      try (PreparedStatement live =
          c.prepareStatement("SELECT COUNT(*) FROM replicas WHERE heartbeat_at > ?")) {
        live.setObject(1, time(now.minus(validity)));
        try (ResultSet rs = live.executeQuery()) {
          rs.next();
          return Math.max(1, rs.getInt(1));
        }
      }
    }
  }

  /**
   * Extends every unexpired lease of {@code kind} this replica holds; returns their names. A lease
   * that expired is not renewed even if nobody took it: its holder must let go and take it anew.
   */
  public Set<String> renew(String kind) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Instant now = now(c);
      try (PreparedStatement up =
          c.prepareStatement(
              "UPDATE leases SET expires_at = ?"
                  + " WHERE kind = ? AND owner = ? AND expires_at > ?")) {
        up.setObject(1, time(now.plus(validity)));
        up.setString(2, kind);
        up.setString(3, owner);
        up.setObject(4, time(now));
        up.executeUpdate();
      }
      Set<String> held = new HashSet<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT name FROM leases WHERE kind = ? AND owner = ?" + " AND expires_at > ?")) {
        q.setString(1, kind);
        q.setString(2, owner);
        q.setObject(3, time(now));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            held.add(rs.getString(1));
          }
        }
      }
      return held;
    }
  }

  /** Takes the lease if it is free or expired; true when this replica now holds it. */
  public boolean tryAcquire(String kind, String name) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Instant now = now(c);
      c.setAutoCommit(false);
      try {
        JournalHead.lock(c); // orders the takeover after any batch the previous owner is committing
        int taken;
        try (PreparedStatement up =
            c.prepareStatement(
                "UPDATE leases SET owner = ?, expires_at = ?, acquired_at = ?"
                    + " WHERE kind = ? AND name = ? AND (expires_at < ? OR owner = '')")) {
          up.setString(1, owner);
          up.setObject(2, time(now.plus(validity)));
          up.setObject(3, time(now));
          up.setString(4, kind);
          up.setString(5, name);
          up.setObject(6, time(now));
          taken = up.executeUpdate();
        }
        c.commit();
        return taken == 1;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Gives the lease up at once, so another replica may take it without waiting for expiry. */
  public void release(String kind, String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE leases SET owner = '', expires_at = ?"
                    + " WHERE kind = ? AND name = ? AND owner = ?")) {
      ps.setObject(1, time(Instant.EPOCH));
      ps.setString(2, kind);
      ps.setString(3, name);
      ps.setString(4, owner);
      ps.executeUpdate();
    }
  }

  /** Gives up every lease and the replica row (graceful shutdown). */
  public void releaseAll() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE leases SET owner = '', expires_at = ? WHERE owner = ?")) {
        ps.setObject(1, time(Instant.EPOCH));
        ps.setString(2, owner);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM replicas WHERE id = ?")) {
        ps.setString(1, owner);
        ps.executeUpdate();
      }
    }
  }

  /** The current holder of each unexpired lease of {@code kind}, by name. */
  public Map<String, String> holders(String kind) throws SQLException {
    Map<String, String> holders = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      Instant now = now(c);
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT name, owner FROM leases WHERE kind = ?"
                  + " AND expires_at > ? ORDER BY name")) {
        q.setString(1, kind);
        q.setObject(2, time(now));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            holders.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    return holders;
  }

  @Override
  public List<StoreOp> filter(Connection c, List<StoreOp> batch) throws SQLException {
    Set<String> held = new HashSet<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT name FROM leases WHERE kind = ? AND owner = ?" + " AND expires_at > ?")) {
      q.setString(1, CLUSTER);
      q.setString(2, owner);
      q.setObject(3, time(now(c)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getString(1));
        }
      }
    }
    List<StoreOp> allowed = new ArrayList<>(batch.size());
    Map<String, Integer> dropped = new LinkedHashMap<>();
    for (StoreOp op : batch) {
      if (held.contains(op.cluster())) {
        allowed.add(op);
      } else {
        dropped.merge(op.cluster(), 1, Integer::sum);
      }
    }
    dropped.forEach(
        (cluster, n) ->
            LOG.warn(
                "cluster={} store writer: this replica ({}) no longer holds the"
                    + " cluster's lease; dropped {} queued changes (the new owner reads them from the cluster)",
                cluster,
                owner,
                n));
    return allowed;
  }

  /** The database's clock, so that every replica measures leases against the same time. */
  private static Instant now(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT CURRENT_TIMESTAMP FROM journal_head")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
