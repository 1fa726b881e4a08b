package io.allkinds.store;

import io.allkinds.config.SinkConfig;
import io.allkinds.model.DeadLetter;
import io.allkinds.model.JournalBounds;
import io.allkinds.model.SinkCursor;
import io.allkinds.model.SinkState;
import io.allkinds.model.SinkStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The API's view of the sinks, all from the store so that every replica answers alike: each sink's
 * cursor, holder, lag and state, its dead letters, and the requests to replay.
 */
public final class SinkQueries {

  /** What a replay request found. */
  public enum Replay {
    REQUESTED,
    UNKNOWN_SINK,
    PRUNED
  }

  private final DataSource dataSource;
  private final Map<String, SinkConfig> sinks = new LinkedHashMap<>();
  private final SinkCursors cursors;
  private final SinkDeadLetters deadLetters;
  private final String localReplica;
  private final Clock clock;

  /**
   * The view of {@code sinks}; {@code localReplica} is this aggregator's id when it delivers every
   * sink itself, null when replicas share them by lease.
   */
  public SinkQueries(
      DataSource dataSource, List<SinkConfig> sinks, String localReplica, Clock clock) {
    this.dataSource = dataSource;
    sinks.forEach(s -> this.sinks.put(s.name(), s));
    this.cursors = new SinkCursors(dataSource, null);
    this.deadLetters = new SinkDeadLetters(dataSource, cursors);
    this.localReplica = localReplica;
    this.clock = clock;
  }

  /** The configured sink named {@code name}, or null. */
  public SinkConfig config(String name) {
    return sinks.get(name);
  }

  /** Every configured sink's status, in configuration order. */
  public List<SinkStatus> status() {
    try (Connection c = dataSource.getConnection()) {
      long head = JournalHead.lastSeq(c);
      Map<String, String> holders = localReplica == null ? holders(c) : Map.of();
      Map<String, SinkCursor> stored = new HashMap<>();
      SinkCursors.all(c).forEach(s -> stored.put(s.name(), s));
      List<SinkStatus> out = new ArrayList<>();
      for (SinkConfig sink : sinks.values()) {
        SinkCursor cursor = stored.get(sink.name());
        if (cursor == null) {
          cursor = new SinkCursor(sink.name(), head, null, 0, 0, 0, 0, false, null, null, null);
        }
        String replica = localReplica != null ? localReplica : holders.get(sink.name());
        long lag = Math.max(0, head - cursor.deliveredSeq());
        Instant oldest = lag == 0 ? null : SinkCursors.firstAfter(c, cursor.deliveredSeq());
        double seconds =
            oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
        out.add(
            new SinkStatus(cursor, replica, head, lag, seconds, state(sink, cursor, replica, lag)));
      }
      return out;
    } catch (SQLException e) {
      throw Rows.failure(e, "the sinks' state", "retry");
    }
  }

  private static SinkState state(SinkConfig sink, SinkCursor c, String replica, long lag) {
    if (replica == null) {
      return SinkState.UNASSIGNED;
    }
    if (c.lagging() || (sink.maxLagEntries() > 0 && lag > sink.maxLagEntries())) {
      return SinkState.LAGGING;
    }
    if (c.lastErrorAt() != null
        && (c.lastDeliveredAt() == null || c.lastErrorAt().isAfter(c.lastDeliveredAt()))
        && lag > 0) {
      return SinkState.RETRYING;
    }
    return lag == 0 ? SinkState.IDLE : SinkState.DELIVERING;
  }

  private static Map<String, String> holders(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, owner FROM leases WHERE kind = ? AND expires_at > CURRENT_TIMESTAMP"); ) {
      ps.setString(1, SinkFence.KIND);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /**
   * Up to {@code limit} dead letters of {@code sink} after {@code afterSeq}; null: no such sink.
   */
  public List<DeadLetter> deadLetters(String sink, long afterSeq, int limit) {
    if (!sinks.containsKey(sink)) {
      return null;
    }
    try {
      return deadLetters.list(sink, afterSeq, limit);
    } catch (SQLException e) {
      throw Rows.failure(e, "the dead letters", "ask for fewer with limit");
    }
  }

  /**
   * Asks for the dead letters of {@code sink} (or only {@code seq}) to be resent; -1: no such sink.
   */
  public int replayDeadLetters(String sink, Long seq) {
    if (!sinks.containsKey(sink)) {
      return -1;
    }
    try {
      return deadLetters.requestReplay(sink, seq);
    } catch (SQLException e) {
      throw Rows.failure(e, "the dead letters", "retry");
    }
  }

  /** Asks the deliverer of {@code sink} to deliver every entry from {@code fromSeq} on again. */
  public Replay replay(String sink, long fromSeq, JournalBounds bounds) {
    if (!sinks.containsKey(sink)) {
      return Replay.UNKNOWN_SINK;
    }
    if (bounds.first() > 0 && fromSeq < bounds.first()) {
      return Replay.PRUNED;
    }
    try {
      return cursors.requestReplay(sink, fromSeq) ? Replay.REQUESTED : Replay.UNKNOWN_SINK;
    } catch (SQLException e) {
      throw Rows.failure(e, "the sink's cursor", "retry");
    }
  }
}
