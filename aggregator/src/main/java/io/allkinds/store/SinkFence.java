package io.allkinds.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The condition under which a replica may move a sink's cursor: always when it runs alone, and with
 * replicas only while it holds the sink's lease (in the database's clock).
 */
record SinkFence(String owner) {

  /** The lease kind that gives a sink to one replica. */
  static final String KIND = "sink";

  /** No fence: one aggregator delivers every sink. */
  static final SinkFence NONE = new SinkFence(null);

  /**
   * The SQL condition, starting with {@code AND}, for a statement on the sink named by a parameter.
   */
  String sql() {
    return owner == null
        ? ""
        : " AND EXISTS (SELECT 1 FROM leases WHERE kind = '"
            + KIND
            + "' AND name = ? AND owner = ? AND expires_at > CURRENT_TIMESTAMP)";
  }

  /** Binds the condition's parameters from {@code index} on; returns the next index. */
  int bind(PreparedStatement ps, int index, String sink) throws SQLException {
    if (owner == null) {
      return index;
    }
    ps.setString(index, sink);
    ps.setString(index + 1, owner);
    return index + 2;
  }
}
