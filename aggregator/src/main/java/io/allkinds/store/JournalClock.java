package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Maps a time to a journal sequence number. The writer stamps changes with a store time that never
 * decreases as seq grows, so a binary search over seq on the primary key finds the boundary in a
 * few dozen index probes, with no index on time.
 */
final class JournalClock {

  /** The journal's first and last seq (both null when it is empty). */
  static final String BOUNDS = "SELECT MIN(seq), MAX(seq) FROM journal";

  private static final String AT_OR_AFTER =
      "SELECT seq, observed_at FROM journal WHERE seq >= ? ORDER BY seq"
          + " FETCH FIRST 1 ROWS ONLY";

  private JournalClock() {}

  /**
   * The largest seq whose time is before {@code t} (or at it, when {@code inclusive}); 0 when there
   * is none.
   */
  static long lastSeqBefore(Connection c, Instant t, boolean inclusive) throws SQLException {
    long lo;
    long hi;
    try (PreparedStatement ps = Rows.prepare(c, BOUNDS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      lo = rs.getLong(1);
      hi = rs.getLong(2);
      if (rs.wasNull()) {
        return 0;
      }
    }
    long answer = 0;
    try (PreparedStatement ps = Rows.prepare(c, AT_OR_AFTER)) {
      // Invariant: every seq below lo that exists is within the answer; search [lo, hi].
      while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        ps.setLong(1, mid);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            hi = mid - 1;
            continue;
          }
          long seq = rs.getLong(1);
          Instant at = SqlTime.read(rs, "observed_at");
          boolean within = inclusive ? !at.isAfter(t) : at.isBefore(t);
          if (within) {
            answer = seq;
            lo = seq + 1;
          } else {
            hi = mid - 1;
          }
        }
      }
    }
    return answer;
  }
}
