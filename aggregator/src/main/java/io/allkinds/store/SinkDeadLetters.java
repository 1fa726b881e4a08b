package io.allkinds.store;

import io.allkinds.model.DeadLetter;
import io.allkinds.model.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sinks' dead letters ({@code sink_dead_letters}): events a receiver refused for good, stored
 * as sent, together with the cursor move past them; listed, and resent on request. Like the
 * cursors, every change is in the store's file when a method returns.
 */
public final class SinkDeadLetters {

  /**
   * A dead letter to store: which change, how it was refused, and the event as sent (bytes handed
   * over, never compared).
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Refused(DeadLetter letter, byte[] event) {}

  /** A dead letter to resend: its entry and the event as first sent (bytes handed over). */
  @SuppressWarnings("ArrayRecordComponent")
  public record Resend(long seq, int attempts, byte[] event) {}

  private static final String INSERT =
      "INSERT INTO sink_dead_letters (sink, seq, cluster, api_group, kind, namespace, name,"
          + " event_type, failed_at, attempts, status, error, replay_requested, event)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, ?, ?, ?, FALSE, ?)";
  private static final String COUNT =
      "UPDATE sink_cursors SET dead_lettered = dead_lettered + ? WHERE name = ?";

  private final DataSource dataSource;
  private final SinkCursors cursors;

  public SinkDeadLetters(DataSource dataSource, SinkCursors cursors) {
    this.dataSource = dataSource;
    this.cursors = cursors;
  }

  /**
   * Stores the refused events and moves the cursor from {@code from} to {@code to} past them, in
   * one transaction; false (nothing stored) when the cursor moved meanwhile or the lease was lost.
   */
  public boolean store(String sink, List<Refused> refused, long from, long to, long delivered)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!cursors.move(c, sink, from, to, delivered, false)) {
          c.rollback();
          return false;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT);
            PreparedStatement older =
                c.prepareStatement("DELETE FROM sink_dead_letters WHERE sink = ? AND seq = ?");
            PreparedStatement count = c.prepareStatement(COUNT)) {
          for (Refused r : refused) {
            DeadLetter d = r.letter();
            older.setString(1, sink); // refused before, then replayed from the journal
            older.setLong(2, d.seq());
            older.executeUpdate();
            ps.setString(1, sink);
            ps.setLong(2, d.seq());
            ps.setString(3, d.cluster());
            ps.setString(4, d.group());
            ps.setString(5, d.kind());
            ps.setString(6, d.namespace());
            ps.setString(7, d.name());
            ps.setString(8, d.eventType().name());
            ps.setInt(9, d.attempts());
            ps.setInt(10, d.status());
            ps.setString(11, clip(d.error()));
            ps.setBytes(12, r.event());
            ps.addBatch();
          }
          ps.executeBatch();
          count.setLong(1, refused.size());
          count.setString(2, sink);
          count.executeUpdate();
        }
        c.commit();
        cursors.flush(c);
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Up to {@code limit} dead letters of {@code sink} after {@code afterSeq}, oldest first. */
  public List<DeadLetter> list(String sink, long afterSeq, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, cluster, api_group, kind, namespace, name, event_type, failed_at,"
                    + " attempts, status, error, replay_requested FROM sink_dead_letters"
                    + " WHERE sink = ? AND seq > ? ORDER BY seq FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setString(1, sink);
      ps.setLong(2, afterSeq);
      List<DeadLetter> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DeadLetter(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  EventType.valueOf(rs.getString(7)),
                  SqlTime.read(rs, 8),
                  rs.getInt(9),
                  rs.getInt(10),
                  rs.getString(11),
                  rs.getBoolean(12)));
        }
      }
      return out;
    }
  }

  /** Asks for the dead letters of {@code sink} (only {@code seq}, when given) to be resent. */
  public int requestReplay(String sink, Long seq) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sink_dead_letters SET replay_requested = TRUE WHERE sink = ?"
                    + (seq == null ? "" : " AND seq = ?"))) {
      ps.setString(1, sink);
      if (seq != null) {
        ps.setLong(2, seq);
      }
      int asked = ps.executeUpdate();
      cursors.flush(c);
      return asked;
    }
  }

  /** Up to {@code limit} dead letters of {@code sink} asked to be resent, oldest first. */
  public List<Resend> toResend(String sink, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, attempts, event FROM sink_dead_letters"
                    + " WHERE sink = ? AND replay_requested = TRUE ORDER BY seq FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setString(1, sink);
      List<Resend> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Resend(rs.getLong(1), rs.getInt(2), rs.getBytes(3)));
        }
      }
      return out;
    }
  }

  /** A resent dead letter was accepted: it leaves the table. */
  public void resent(String sink, long seq) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM sink_dead_letters WHERE sink = ? AND seq = ?")) {
      ps.setString(1, sink);
      ps.setLong(2, seq);
      ps.executeUpdate();
      cursors.flush(c);
    }
  }

  /**
   * A resent dead letter was refused again: it stays, no longer asked for, with the new refusal.
   */
  public void refusedAgain(String sink, long seq, int attempts, int status, String error)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sink_dead_letters SET replay_requested = FALSE, attempts = ?, status = ?,"
                    + " error = ?, failed_at = CURRENT_TIMESTAMP WHERE sink = ? AND seq = ?")) {
      ps.setInt(1, attempts);
      ps.setInt(2, status);
      ps.setString(3, clip(error));
      ps.setString(4, sink);
      ps.setLong(5, seq);
      ps.executeUpdate();
      cursors.flush(c);
    }
  }

  private static String clip(String s) {
    return s.length() > 1000 ? s.substring(0, 1000) : s;
  }
}
