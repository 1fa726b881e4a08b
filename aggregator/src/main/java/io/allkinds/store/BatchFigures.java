package io.allkinds.store;

import io.allkinds.model.EventType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-type and per-cluster figures a batch gathers as it journals (object counts, times of the
 * last change, resume points, journal entries by change type), written once at its end.
 */
final class BatchFigures {

  /** What the journal counts are grouped by in the metrics. */
  record JournalKey(String cluster, String group, String resource, String type) {}

  private static final String TYPE_WHERE = " WHERE " + TypeKey.MATCHES;
  private static final String SET_TYPE_RV =
      "UPDATE resource_types SET resource_version = ?" + TYPE_WHERE;
  private static final String ADD_TYPE_COUNT =
      "UPDATE resource_types SET objects = objects + ?, last_change_at = ?" + TYPE_WHERE;
  private static final String CLUSTER_CHANGED =
      "UPDATE clusters SET last_change_at = ? WHERE name = ?";

  private final Instant at;
  private final Map<TypeKey, Long> countDelta = new HashMap<>();
  private final Map<TypeKey, Instant> typeChangedAt = new HashMap<>();
  private final Map<TypeKey, String> resumeVersion = new HashMap<>();
  private final Map<String, Instant> clusterChangedAt = new HashMap<>();
  private final Map<JournalKey, Long> journaled = new HashMap<>();

  /** {@code at} is the batch's store time, the time of every change it records. */
  BatchFigures(Instant at) {
    this.at = at;
  }

  /** One journal entry of {@code type}, which changed the live objects by {@code liveDelta}. */
  void journaled(TypeKey key, EventType type, long liveDelta) {
    journaled.merge(
        new JournalKey(key.cluster(), key.type().group(), key.type().resource(), type.name()),
        1L,
        Long::sum);
    countDelta.merge(key, liveDelta, Long::sum);
    typeChangedAt.put(key, at);
    clusterChangedAt.put(key.cluster(), at);
  }

  /** A watch may resume the type from {@code resourceVersion}. */
  void resumeAt(TypeKey key, String resourceVersion) {
    resumeVersion.put(key, resourceVersion);
  }

  /** A list finished: its count (the objects it stored) and its resume point were written. */
  void listDone(TypeKey key) {
    countDelta.remove(key);
    resumeVersion.remove(key);
  }

  /** The type is gone: its row was reset. */
  void typeGone(TypeKey key) {
    countDelta.remove(key);
    typeChangedAt.remove(key);
    resumeVersion.remove(key);
  }

  /** How many journal entries the batch wrote, by cluster, type and change type. */
  Map<JournalKey, Long> journaled() {
    return journaled;
  }

  /** Writes the figures to {@code resource_types} and {@code clusters}. */
  void write(BatchStatements statements) throws SQLException {
    PreparedStatement rv = statements.get(SET_TYPE_RV);
    for (var e : resumeVersion.entrySet()) {
      rv.setString(1, e.getValue());
      e.getKey().bind(rv, 2);
      rv.executeUpdate();
    }
    PreparedStatement count = statements.get(ADD_TYPE_COUNT);
    for (var e : typeChangedAt.entrySet()) {
      count.setLong(1, countDelta.getOrDefault(e.getKey(), 0L));
      count.setObject(2, SqlTime.of(e.getValue()));
      e.getKey().bind(count, 3);
      count.executeUpdate();
    }
    PreparedStatement cluster = statements.get(CLUSTER_CHANGED);
    for (var e : clusterChangedAt.entrySet()) {
      cluster.setObject(1, SqlTime.of(e.getValue()));
      cluster.setString(2, e.getKey());
      cluster.executeUpdate();
    }
  }
}
