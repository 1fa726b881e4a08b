package io.allkinds.store;

import io.allkinds.model.SinkCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sinks' cursors in the store ({@code sink_cursors}): where each sink's delivery stands, moved
 * forward by its deliverer only from the value it read (and, with replicas, only while it holds the
 * sink's lease), so that a move never undoes a replay request, a takeover or retention's skip.
 * Every change is in the store's file when a method returns: a cursor the API reported, or a replay
 * it accepted, survives a crash.
 */
public final class SinkCursors {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "name, delivered_seq, replay_from, delivered, retries, dead_lettered, skipped, lagging,"
          + " last_error, last_error_at, last_delivered_at";
  private static final String ENSURE =
      "INSERT INTO sink_cursors (name, delivered_seq, delivered, retries, dead_lettered, skipped,"
          + " lagging, created_at) SELECT ?, next_seq - 1, 0, 0, 0, 0, FALSE, CURRENT_TIMESTAMP"
          + " FROM journal_head WHERE id = 1"
          + " AND NOT EXISTS (SELECT 1 FROM sink_cursors WHERE name = ?)";

  private final DataSource dataSource;
  private final SinkFence fence;
  private volatile FileFlush fileFlush;

  /**
   * The cursors as replica {@code owner} moves them: only while it holds a sink's lease; null when
   * one aggregator delivers every sink.
   */
  public SinkCursors(DataSource dataSource, String owner) {
    this.dataSource = dataSource;
    this.fence = owner == null ? SinkFence.NONE : new SinkFence(owner);
  }

  /** The lease kind of sinks, for the replicas that share them. */
  public static String leaseKind() {
    return SinkFence.KIND;
  }

  /**
   * Creates the cursor of every sink that has none, at the journal's head: a new sink delivers the
   * changes stored from now on (a replay reaches further back).
   */
  public void ensure(Collection<String> names) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(ENSURE)) {
      for (String name : names) {
        ps.setString(1, name);
        ps.setString(2, name);
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e; // another replica created it first otherwise
          }
        }
      }
      flush(c);
    }
  }

  /** The cursor of sink {@code name}, or null when it has none. */
  public SinkCursor read(String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM sink_cursors WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? cursor(rs) : null;
      }
    }
  }

  /** Every stored cursor, by name, read on the caller's connection. */
  static List<SinkCursor> all(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM sink_cursors ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      List<SinkCursor> out = new ArrayList<>();
      while (rs.next()) {
        out.add(cursor(rs));
      }
      return out;
    }
  }

  /**
   * Moves the cursor from {@code from} to {@code to} after {@code delivered} events were accepted
   * (or none, for entries the filter left out); false when the cursor is no longer at {@code from}
   * or this replica lost the lease: the caller reads it again. {@code caughtUp} clears the lagging
   * mark.
   */
  public boolean advance(String name, long from, long to, long delivered, boolean caughtUp)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean moved = move(c, name, from, to, delivered, caughtUp);
      if (moved) {
        flush(c);
      }
      return moved;
    }
  }

  /** {@link #advance} inside the caller's transaction on {@code c}. */
  boolean move(Connection c, String name, long from, long to, long delivered, boolean caughtUp)
      throws SQLException {
    String sql =
        "UPDATE sink_cursors SET delivered_seq = ?, delivered = delivered + ?,"
            + " last_delivered_at = CASE WHEN ? > 0 THEN CURRENT_TIMESTAMP"
            + " ELSE last_delivered_at END,"
            + " lagging = CASE WHEN ? THEN FALSE ELSE lagging END"
            + " WHERE name = ? AND delivered_seq = ? AND replay_from IS NULL"
            + fence.sql();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, to);
      ps.setLong(2, delivered);
      ps.setLong(3, delivered);
      ps.setBoolean(4, caughtUp);
      ps.setString(5, name);
      ps.setLong(6, from);
      fence.bind(ps, 7, name);
      return ps.executeUpdate() == 1;
    }
  }

  /** Counts {@code retries} failed attempts and remembers the last error (never a credential). */
  public void failed(String name, long retries, String error) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sink_cursors SET retries = retries + ?, last_error = ?,"
                    + " last_error_at = CURRENT_TIMESTAMP WHERE name = ?"
                    + fence.sql())) {
      ps.setLong(1, retries);
      ps.setString(2, error.length() > 1000 ? error.substring(0, 1000) : error);
      ps.setString(3, name);
      fence.bind(ps, 4, name);
      ps.executeUpdate();
      flush(c);
    }
  }

  /**
   * Asks the sink's deliverer to deliver again every entry from {@code fromSeq} on; false when no
   * such sink is stored.
   */
  public boolean requestReplay(String name, long fromSeq) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE sink_cursors SET replay_from = ? WHERE name = ?")) {
      ps.setLong(1, fromSeq);
      ps.setString(2, name);
      boolean asked = ps.executeUpdate() == 1;
      flush(c);
      return asked;
    }
  }

  /**
   * Carries out a replay request the cursor holds: moves it back to just before the requested entry
   * and clears the request. Returns the new position, or -1 when nothing was asked (or this replica
   * lost the lease).
   */
  public long takeReplay(String name, long requested) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sink_cursors SET delivered_seq = ?, replay_from = NULL, lagging = FALSE"
                    + " WHERE name = ? AND replay_from = ?"
                    + fence.sql())) {
      ps.setLong(1, requested - 1);
      ps.setString(2, name);
      ps.setLong(3, requested);
      fence.bind(ps, 4, name);
      if (ps.executeUpdate() != 1) {
        return -1;
      }
      flush(c);
      return requested - 1;
    }
  }

  /**
   * Puts what {@code c} committed in the store's file (on H2; a commit is durable elsewhere), so
   * that a crash right after a move resends nothing before it.
   */
  void flush(Connection c) throws SQLException {
    FileFlush f = fileFlush;
    if (f == null) {
      f = FileFlush.probe(c, "sinks");
      fileFlush = f;
    }
    f.afterCommit(c);
  }

  private static SinkCursor cursor(ResultSet rs) throws SQLException {
    long replay = rs.getLong(3);
    boolean noReplay = rs.wasNull();
    return new SinkCursor(
        rs.getString(1),
        rs.getLong(2),
        noReplay ? null : replay,
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getLong(7),
        rs.getBoolean(8),
        rs.getString(9),
        SqlTime.read(rs, 10),
        SqlTime.read(rs, 11));
  }

  /**
   * When the entry after {@code seq} was stored, or null when none is (the sink is caught up); on
   * the caller's connection.
   */
  static Instant firstAfter(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT observed_at FROM journal WHERE seq > ? ORDER BY seq"
                + " FETCH FIRST 1 ROWS ONLY")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? SqlTime.read(rs, 1) : null;
      }
    }
  }
}
