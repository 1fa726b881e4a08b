package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code replicas} rows: each replica records that it is alive, and counts the replicas that
 * are, so that it can take its fair share of the clusters.
 */
final class ReplicaHeartbeat {

  private static final String BEAT = "UPDATE replicas SET heartbeat_at = ? WHERE id = ?";
  private static final String JOIN =
      "INSERT INTO replicas (id, started_at, heartbeat_at) VALUES (?, ?, ?)";
  private static final String FORGET_SILENT = "DELETE FROM replicas WHERE heartbeat_at < ?";
  private static final String COUNT_ALIVE = "SELECT COUNT(*) FROM replicas WHERE heartbeat_at > ?";
  private static final String LEAVE = "DELETE FROM replicas WHERE id = ?";

  /** Rows silent for this many lease periods are deleted. */
  private static final int FORGET_AFTER_PERIODS = 10;

  private final String replica;
  private final Duration period;
  private final Duration validity;

  /**
   * The heartbeat of {@code replica}, whose leases of {@code period} are valid for {@code validity}
   * after each renewal.
   */
  ReplicaHeartbeat(String replica, Duration period, Duration validity) {
    this.replica = replica;
    this.period = period;
    this.validity = validity;
  }

  /**
   * Records that this replica is alive; returns how many replicas are (this one included). A
   * replica counts as alive as long as a lease it renewed in the same pass would be valid, so a
   * dead one stops counting when its leases expire and the survivors' fair share grows at that
   * moment.
   */
  int beat(Connection c) throws SQLException {
    Instant now = LeaseRows.now(c);
    try (PreparedStatement up = c.prepareStatement(BEAT)) {
      up.setObject(1, SqlTime.of(now));
      up.setString(2, replica);
      if (up.executeUpdate() == 0) {
        try (PreparedStatement in = c.prepareStatement(JOIN)) {
          in.setString(1, replica);
          in.setObject(2, SqlTime.of(now));
          in.setObject(3, SqlTime.of(now));
          in.executeUpdate();
        }
      }
    }
    try (PreparedStatement gone = c.prepareStatement(FORGET_SILENT)) {
      gone.setObject(1, SqlTime.of(now.minus(period.multipliedBy(FORGET_AFTER_PERIODS))));
      gone.executeUpdate();
    }
    try (PreparedStatement live = c.prepareStatement(COUNT_ALIVE)) {
      live.setObject(1, SqlTime.of(now.minus(validity)));
      try (ResultSet rs = live.executeQuery()) {
        rs.next();
        return Math.max(1, rs.getInt(1));
      }
    }
  }

  /** Deletes this replica's row (graceful shutdown). */
  void leave(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LEAVE)) {
      ps.setString(1, replica);
      ps.executeUpdate();
    }
  }
}
