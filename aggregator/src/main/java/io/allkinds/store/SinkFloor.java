package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What retention owes the sinks: it prunes no entry a sink has yet to deliver while that sink is at
 * most its maximum lag behind the journal's head; a sink further behind is marked lagging, and
 * before entries it has not delivered are pruned they are counted as skipped and its cursor moves
 * past them. Never silently: every skip is counted in the store and logged.
 */
public final class SinkFloor {

  /** No sinks: retention prunes as configured. */
  public static final SinkFloor NONE = new SinkFloor(Map.of());

  private static final Logger LOG = LoggerFactory.getLogger(SinkFloor.class);

  private final Map<String, Long> maxLag;

  /**
   * The floor of the configured sinks, each with its maximum lag in entries (0: never waited for).
   */
  public SinkFloor(Map<String, Long> maxLag) {
    this.maxLag = Map.copyOf(maxLag);
  }

  /** {@code upTo} lowered to the cursor of every sink retention waits for. */
  long clamp(Connection c, long upTo) throws SQLException {
    if (maxLag.isEmpty() || upTo <= 0) {
      return upTo;
    }
    long head = JournalHead.lastSeq(c);
    long floor = upTo;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, delivered_seq FROM sink_cursors WHERE delivered_seq < ?")) {
      ps.setLong(1, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Long lag = maxLag.get(rs.getString(1));
          long cursor = rs.getLong(2);
          if (lag != null && lag > 0 && head - cursor <= lag) {
            floor = Math.min(floor, cursor);
          }
        }
      }
    }
    return floor;
  }

  /**
   * Before the entries up to {@code upTo} go: counts, for every configured sink that has not
   * delivered them, those it will never get, and moves its cursor past them.
   */
  void skipUpTo(Connection c, long upTo) throws SQLException {
    if (maxLag.isEmpty() || upTo <= 0) {
      return;
    }
    try (PreparedStatement behind =
            c.prepareStatement(
                "SELECT name, delivered_seq FROM sink_cursors WHERE delivered_seq < ?");
        PreparedStatement count =
            c.prepareStatement("SELECT COUNT(*) FROM journal WHERE seq > ? AND seq <= ?");
        PreparedStatement skip =
            c.prepareStatement(
                "UPDATE sink_cursors SET delivered_seq = ?, skipped = skipped + ?, lagging = TRUE"
                    + " WHERE name = ? AND delivered_seq = ?")) {
      behind.setLong(1, upTo);
      try (ResultSet rs = behind.executeQuery()) {
        while (rs.next()) {
          String sink = rs.getString(1);
          long cursor = rs.getLong(2);
          if (!maxLag.containsKey(sink)) {
            continue; // a sink no longer configured
          }
          count.setLong(1, cursor);
          count.setLong(2, upTo);
          long n;
          try (ResultSet counted = count.executeQuery()) {
            counted.next();
            n = counted.getLong(1);
          }
          skip.setLong(1, upTo);
          skip.setLong(2, n);
          skip.setString(3, sink);
          skip.setLong(4, cursor);
          if (skip.executeUpdate() == 1 && n > 0) {
            LOG.warn(
                "sink={} retention: the sink is more than its maxLagEntries={} behind; {} journal"
                    + " entries after seq {} up to {} are pruned before it delivered them (counted as"
                    + " skipped)",
                sink,
                maxLag.get(sink),
                n,
                cursor,
                upTo);
          }
        }
      }
    }
  }
}
