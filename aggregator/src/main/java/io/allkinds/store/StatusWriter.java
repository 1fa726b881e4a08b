package io.allkinds.store;

import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes the state of resource types and clusters inside a batch: the status the watches report,
 * and what a finished list or a vanished type leaves on the type's row.
 */
final class StatusWriter {

  private static final String TYPE_WHERE = " WHERE " + TypeKey.MATCHES;
  private static final String UPDATE_TYPE_STATUS =
      "UPDATE resource_types SET version = ?, kind = ?, namespaced = ?,"
          + " state = ?, message = ?, updated_at = ?"
          + TYPE_WHERE;
  private static final String INSERT_TYPE =
      "INSERT INTO resource_types (cluster, api_group, resource, version, kind,"
          + " namespaced, state, message, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String LIST_DONE_TYPE =
      "UPDATE resource_types SET resource_version = ?, list_generation = ?, listed_at = ?,"
          + " objects = ?"
          + TYPE_WHERE;
  private static final String TYPE_GONE =
      "UPDATE resource_types SET state = ?, message = ?,"
          + " resource_version = NULL, objects = 0, updated_at = ?, last_change_at = ?"
          + TYPE_WHERE;
  private static final String UPDATE_CLUSTER =
      "UPDATE clusters SET server = COALESCE(?, server), state = ?,"
          + " message = ?, updated_at = ? WHERE name = ?";
  private static final String INSERT_CLUSTER =
      "INSERT INTO clusters (name, server, state, message, updated_at) VALUES (?, ?, ?, ?, ?)";

  /** The longest message a status row keeps. */
  private static final int MESSAGE_CHARS = 4000;

  private final BatchStatements statements;

  StatusWriter(BatchStatements statements) {
    this.statements = statements;
  }

  /** Upserts the type's row with its version, kind and state. */
  void typeStatus(StoreOp.TypeStatus s) throws SQLException {
    Instant now = Instant.now();
    ResourceType t = s.type();
    TypeKey key = new TypeKey(s.cluster(), t);
    PreparedStatement update = statements.get(UPDATE_TYPE_STATUS);
    update.setString(1, t.version());
    update.setString(2, t.kind());
    update.setBoolean(3, t.namespaced());
    update.setString(4, s.state().wireName());
    update.setString(5, truncate(s.message()));
    update.setObject(6, SqlTime.of(now));
    key.bind(update, 7);
    if (update.executeUpdate() > 0) {
      return;
    }
    PreparedStatement insert = statements.get(INSERT_TYPE);
    int i = key.bind(insert, 1);
    insert.setString(i++, t.version());
    insert.setString(i++, t.kind());
    insert.setBoolean(i++, t.namespaced());
    insert.setString(i++, s.state().wireName());
    insert.setString(i++, truncate(s.message()));
    insert.setObject(i, SqlTime.of(now));
    insert.executeUpdate();
  }

  /** Upserts the cluster's row with its server (kept when null) and state. */
  void clusterStatus(StoreOp.ClusterStatus s) throws SQLException {
    Instant now = Instant.now();
    PreparedStatement update = statements.get(UPDATE_CLUSTER);
    update.setString(1, s.server());
    update.setString(2, s.state().wireName());
    update.setString(3, truncate(s.message()));
    update.setObject(4, SqlTime.of(now));
    update.setString(5, s.cluster());
    if (update.executeUpdate() > 0) {
      return;
    }
    PreparedStatement insert = statements.get(INSERT_CLUSTER);
    insert.setString(1, s.cluster());
    insert.setString(2, s.server());
    insert.setString(3, s.state().wireName());
    insert.setString(4, truncate(s.message()));
    insert.setObject(5, SqlTime.of(now));
    insert.executeUpdate();
  }

  /**
   * A list of {@code generation} finished at {@code at}: the watch resumes from {@code
   * resourceVersion}, and the type's count is recomputed from its live rows.
   */
  void listDone(TypeKey key, String resourceVersion, long generation, long objects, Instant at)
      throws SQLException {
    PreparedStatement ps = statements.get(LIST_DONE_TYPE);
    ps.setString(1, resourceVersion);
    ps.setLong(2, generation);
    ps.setObject(3, SqlTime.of(at));
    ps.setLong(4, objects);
    key.bind(ps, 5);
    ps.executeUpdate();
  }

  /** The type is no longer served: its row says so, with no objects and no resume point. */
  void typeGone(TypeKey key, Instant at) throws SQLException {
    PreparedStatement ps = statements.get(TYPE_GONE);
    ps.setString(1, SyncState.GONE.wireName());
    ps.setString(2, "no longer served by the cluster");
    ps.setObject(3, SqlTime.of(at));
    ps.setObject(4, SqlTime.of(at));
    key.bind(ps, 5);
    ps.executeUpdate();
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MESSAGE_CHARS) {
      return message;
    }
    return message.substring(0, MESSAGE_CHARS - 3) + "...";
  }
}
