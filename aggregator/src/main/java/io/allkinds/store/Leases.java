package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Lease rows in the shared store: which replica owns which cluster (and fleet-wide task) until
 * when. Times are the database's, so replicas need no synchronised clocks. Taking a lease locks the
 * journal head first, so it orders against every batch a previous owner may still be committing:
 * the new owner reads resume points only after the old owner's last write. It also runs this
 * replica's {@link ReplicaHeartbeat}, and is its writer's {@link LeaseFence}.
 */
public final class Leases implements WriteFence {

  /** The lease kind that gives a cluster to one replica. */
  public static final String CLUSTER = "cluster";

  /** The lease kind that elects one replica for a fleet-wide chore. */
  public static final String TASK = "task";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String ENSURE =
      "INSERT INTO leases (kind, name, owner, expires_at)"
          + " SELECT ?, ?, ?, ? FROM journal_head WHERE id = 1"
          + " AND NOT EXISTS (SELECT 1 FROM leases WHERE kind = ? AND name = ?)";
  private static final String RENEW =
      "UPDATE leases SET expires_at = ? WHERE kind = ? AND owner = ? AND expires_at > ?";
  private static final String ACQUIRE =
      "UPDATE leases SET owner = ?, expires_at = ?, acquired_at = ?"
          + " WHERE kind = ? AND name = ? AND (expires_at < ? OR owner = ?)";
  private static final String RELEASE =
      "UPDATE leases SET owner = ?, expires_at = ? WHERE kind = ? AND name = ? AND owner = ?";
  private static final String RELEASE_ALL =
      "UPDATE leases SET owner = ?, expires_at = ? WHERE owner = ?";

  private final DataSource dataSource;
  private final String owner;
  private final Duration renewEvery;
  private final Duration validity;
  private final ReplicaHeartbeat heartbeat;
  private final LeaseFence fence;

  /**
   * Leases of {@code period}: renewed every fifth of it, each renewal valid for the other four
   * fifths. A replica that dies has its leases expire, and a survivor notices at its next pass,
   * within one period of the death; a live replica keeps its leases through three missed passes.
   */
  public Leases(DataSource dataSource, String owner, Duration period) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.renewEvery = period.dividedBy(5);
    this.validity = period.minus(renewEvery);
    this.heartbeat = new ReplicaHeartbeat(owner, period, validity);
    this.fence = new LeaseFence(owner);
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
        PreparedStatement ps = c.prepareStatement(ENSURE)) {
      for (String name : names) {
        ps.setString(1, kind);
        ps.setString(2, name);
        ps.setString(3, LeaseRows.NOBODY);
        ps.setObject(4, SqlTime.of(Instant.EPOCH));
        ps.setString(5, kind);
        ps.setString(6, name);
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
   * Records that this replica is alive; returns how many replicas are (this one included), as
   * {@link ReplicaHeartbeat#beat} counts them.
   */
  public int heartbeat() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return heartbeat.beat(c);
    }
  }

  /**
   * Extends every unexpired lease of {@code kind} this replica holds; returns their names. A lease
   * that expired is not renewed even if nobody took it: its holder must let go and take it anew.
   */
  public Set<String> renew(String kind) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Instant now = LeaseRows.now(c);
      try (PreparedStatement up = c.prepareStatement(RENEW)) {
        up.setObject(1, SqlTime.of(now.plus(validity)));
        up.setString(2, kind);
        up.setString(3, owner);
        up.setObject(4, SqlTime.of(now));
        up.executeUpdate();
      }
      return LeaseRows.held(c, kind, owner, now);
    }
  }

  /** Takes the lease if it is free or expired; true when this replica now holds it. */
  public boolean tryAcquire(String kind, String name) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Instant now = LeaseRows.now(c);
      c.setAutoCommit(false);
      try {
        JournalHead.lock(c); // orders the takeover after any batch the previous owner is committing
        int taken;
        try (PreparedStatement up = c.prepareStatement(ACQUIRE)) {
          up.setString(1, owner);
          up.setObject(2, SqlTime.of(now.plus(validity)));
          up.setObject(3, SqlTime.of(now));
          up.setString(4, kind);
          up.setString(5, name);
          up.setObject(6, SqlTime.of(now));
          up.setString(7, LeaseRows.NOBODY);
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
        PreparedStatement ps = c.prepareStatement(RELEASE)) {
      ps.setString(1, LeaseRows.NOBODY);
      ps.setObject(2, SqlTime.of(Instant.EPOCH));
      ps.setString(3, kind);
      ps.setString(4, name);
      ps.setString(5, owner);
      ps.executeUpdate();
    }
  }

  /** Gives up every lease and the replica row (graceful shutdown). */
  public void releaseAll() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(RELEASE_ALL)) {
        ps.setString(1, LeaseRows.NOBODY);
        ps.setObject(2, SqlTime.of(Instant.EPOCH));
        ps.setString(3, owner);
        ps.executeUpdate();
      }
      heartbeat.leave(c);
    }
  }

  /** Lets the writer apply only ops of clusters this replica holds ({@link LeaseFence}). */
  @Override
  public List<StoreOp> filter(Connection c, List<StoreOp> batch) throws SQLException {
    return fence.filter(c, batch);
  }
}
