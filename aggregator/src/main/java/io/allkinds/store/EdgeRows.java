package io.allkinds.store;

import io.allkinds.model.ObjectEdge;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the relationships objects state ({@code object_edges}) inside a batch: a new set of edges
 * ends the object's live ones at the entry's seq and starts the new ones there, so the graph as of
 * any seq is the edges with {@code from_seq <= seq < to_seq}.
 */
final class EdgeRows {

  private static final String INSERT =
      "INSERT INTO object_edges (cluster, api_group, resource, namespace, name, relation,"
          + " target_group, target_kind, target_namespace, target_name, target_uid, from_seq)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Ends the live edges started before {@code seq}: queued writes of one statement may run after
   * another's, so this never ends the edges the same change starts. {@code COALESCE} keeps H2 on
   * the per-source index: with {@code to_seq IS NULL} it may pick the index by end and read every
   * live edge.
   */
  private static final String END =
      "UPDATE object_edges SET to_seq = ?"
          + ObjectKeySql.WHERE
          + " AND COALESCE(to_seq, -1) = -1 AND from_seq < ?";

  /** Retention: the edges that ended at or before the journal's new first entry. */
  static final String PRUNE = "DELETE FROM object_edges WHERE to_seq <= ?";

  private final BatchStatements statements;

  EdgeRows(BatchStatements statements) {
    this.statements = statements;
  }

  /** Ends the object's live edges at {@code seq}. */
  void end(ObjectRef ref, long seq, BatchStatements.Run run) throws SQLException {
    PreparedStatement ps = statements.get(END);
    ps.setLong(1, seq);
    int i = ObjectKeySql.bind(ps, 2, ref.key());
    ps.setLong(i, seq);
    statements.run(ps, run);
  }

  /** Starts {@code edges} of the object at {@code seq}. */
  void start(ObjectRef ref, List<ObjectEdge> edges, long seq, BatchStatements.Run run)
      throws SQLException {
    for (ObjectEdge e : edges) {
      PreparedStatement ps = statements.get(INSERT);
      int i = ObjectKeySql.bind(ps, 1, ref.key());
      ps.setString(i++, e.relation().stored());
      ps.setString(i++, e.group());
      ps.setString(i++, e.kind());
      ps.setString(i++, e.namespace());
      ps.setString(i++, e.name());
      ps.setString(i++, e.uid().isEmpty() ? null : e.uid());
      ps.setLong(i, seq);
      statements.run(ps, run);
    }
  }
}
