package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The journal's next sequence number and newest store time, read from the {@code journal_head} row
 * under a row lock that the caller's transaction holds until it commits.
 */
record JournalHead(long nextSeq, Instant lastObservedAt) {

  private static final String LOCK =
      "SELECT next_seq, last_observed_at FROM journal_head WHERE id = 1 FOR UPDATE";
  private static final String ADVANCE =
      "UPDATE journal_head SET next_seq = ?, last_observed_at = ? WHERE id = 1";

  /** Locks the head row for the rest of {@code c}'s transaction and reads it. */
  static JournalHead lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the store has no journal_head row: was its schema migrated?");
      }
      OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
      return new JournalHead(rs.getLong(1), last == null ? null : last.toInstant());
    }
  }

  /** Moves the head past the rows this transaction journaled. */
  static void advance(Connection c, long nextSeq, Instant lastObservedAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setLong(1, nextSeq);
      ps.setObject(2, OffsetDateTime.ofInstant(lastObservedAt, ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
