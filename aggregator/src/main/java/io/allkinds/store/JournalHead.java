package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The journal's next sequence number and newest store time, the {@code journal_head} row: read
 * under a row lock that the caller's transaction holds until it commits, or read as it stands.
 */
record JournalHead(long nextSeq, Instant lastObservedAt) {

  private static final String READ =
      "SELECT next_seq, last_observed_at FROM journal_head WHERE id = 1";
  private static final String LOCK = READ + " FOR UPDATE";
  private static final String ADVANCE =
      "UPDATE journal_head SET next_seq = ?, last_observed_at = ? WHERE id = 1";

  /** Locks the head row for the rest of {@code c}'s transaction and reads it. */
  static JournalHead lock(Connection c) throws SQLException {
    return read(c, LOCK);
  }

  /** The head row as it stands, without a lock (a read-only connection can read it). */
  static JournalHead read(Connection c) throws SQLException {
    return read(c, READ);
  }

  private static JournalHead read(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw missing();
      }
      return new JournalHead(rs.getLong(1), SqlTime.read(rs, "last_observed_at"));
    }
  }

  /** The newest committed sequence number, without a lock (0 for an empty journal). */
  static long lastSeq(Connection c) throws SQLException {
    return read(c).nextSeq() - 1;
  }

  /**
   * Moves the head past the rows this transaction journaled ({@code lastObservedAt} null for a
   * journal that has none).
   */
  static void advance(Connection c, long nextSeq, Instant lastObservedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setLong(1, nextSeq);
      ps.setObject(2, SqlTime.of(lastObservedAt));
      ps.executeUpdate();
    }
  }

  private static SQLException missing() {
    return new SQLException("the store has no journal_head row: was its schema migrated?");
  }
}
