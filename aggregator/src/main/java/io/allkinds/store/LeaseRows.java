package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What lease holders and the write fence share: the database's clock, which every replica measures
 * leases against, and the query of the leases one owner holds.
 */
final class LeaseRows {

  /** The owner of a free lease. */
  static final String NOBODY = "";

  private static final String NOW = "SELECT CURRENT_TIMESTAMP FROM journal_head";
  private static final String HELD =
      "SELECT name FROM leases WHERE kind = ? AND owner = ? AND expires_at > ?";

  private LeaseRows() {}

  /** The database's clock, so that every replica measures leases against the same time. */
  static Instant now(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(NOW);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return SqlTime.read(rs, 1);
    }
  }

  /** The names of the leases of {@code kind} that {@code owner} holds unexpired at {@code now}. */
  static Set<String> held(Connection c, String kind, String owner, Instant now)
      throws SQLException {
    Set<String> held = new HashSet<>();
    try (PreparedStatement q = c.prepareStatement(HELD)) {
      q.setString(1, kind);
      q.setString(2, owner);
      q.setObject(3, SqlTime.of(now));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getString(1));
        }
      }
    }
    return held;
  }
}
