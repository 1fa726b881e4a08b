package io.allkinds.store;

import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the relationships objects state inside a batch: a new set of edges ends the object's live
 * set at the entry's seq ({@code object_edge_sets.to_seq}) and starts the new one there, with the
 * keys of its first two owners, nodes or volumes on it and any further ones in {@code
 * object_edge_targets}; so the graph as of any seq is the sets with {@code from_seq <= seq <
 * to_seq}.
 */
final class EdgeRows {

  private static final String INSERT_SET =
      "INSERT INTO object_edge_sets (from_seq, cluster, api_group, resource, namespace, name,"
          + " source_key, first_target, second_target, edges_bytes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TARGET =
      "INSERT INTO object_edge_targets (target_key, set_seq) VALUES (?, ?)";

  /**
   * Ends the live set started before {@code seq}: queued writes of one statement may run after
   * another's, so this never ends the set the same change starts. Found by its source key, then its
   * own columns (another object may share the key); {@code COALESCE} keeps the planner on the
   * source key's index.
   */
  private static final String END =
      "UPDATE object_edge_sets SET to_seq = ? WHERE source_key = ? AND "
          + ObjectKeySql.MATCHES
          + " AND COALESCE(to_seq, -1) = -1 AND from_seq < ?";

  /**
   * Retention, first: the targets of the sets that ended at or before the journal's new first
   * entry.
   */
  static final String PRUNE_TARGETS =
      "DELETE FROM object_edge_targets WHERE set_seq IN"
          + " (SELECT from_seq FROM object_edge_sets WHERE to_seq <= ?)";

  /** Retention, then: those sets (a scan of the set table). */
  static final String PRUNE_SETS = "DELETE FROM object_edge_sets WHERE to_seq <= ?";

  private final BatchStatements statements;

  EdgeRows(BatchStatements statements) {
    this.statements = statements;
  }

  /** Ends the object's live set at {@code seq}. */
  void end(ObjectRef ref, long seq, BatchStatements.Run run) throws SQLException {
    PreparedStatement ps = statements.get(END);
    ps.setLong(1, seq);
    ps.setLong(2, EdgeSourceKey.of(ref.key()));
    int i = ObjectKeySql.bind(ps, 3, ref.key());
    ps.setLong(i, seq);
    statements.run(ps, run);
  }

  /** Starts {@code edges} of the object at {@code seq}; an empty set writes nothing. */
  void start(ObjectRef ref, List<ObjectEdge> edges, long seq, BatchStatements.Run run)
      throws SQLException {
    if (edges.isEmpty()) {
      return;
    }
    ObjectKey key = ref.key();
    List<Long> targets = EdgeTargetKey.ofSet(key.cluster(), edges);
    PreparedStatement set = statements.get(INSERT_SET);
    set.setLong(1, seq);
    int i = ObjectKeySql.bind(set, 2, key);
    set.setLong(i++, EdgeSourceKey.of(key));
    i = EdgeTargetKey.bindOnSet(set, i, targets);
    set.setBytes(i, EdgeText.bytes(edges));
    statements.run(set, run);
    for (long target : EdgeTargetKey.beyondSet(targets)) {
      PreparedStatement ps = statements.get(INSERT_TARGET);
      ps.setLong(1, target);
      ps.setLong(2, seq);
      statements.run(ps, run);
    }
  }
}
