package io.allkinds.bench;

import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectKey;
import io.allkinds.store.EdgeSourceKey;
import io.allkinds.store.EdgeTargetKey;
import io.allkinds.store.EdgeText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Batched inserts of relationship sets and their targets for the benchmarks' bulk fills, in the
 * form the writer keeps them ({@code object_edge_sets}, {@code object_edge_targets}), all live.
 */
final class EdgeSetInserts implements AutoCloseable {

  private final PreparedStatement sets;
  private final PreparedStatement targets;

  EdgeSetInserts(Connection c) throws SQLException {
    this.sets =
        c.prepareStatement(
            "INSERT INTO object_edge_sets (from_seq, cluster, api_group, resource, namespace,"
                + " name, source_key, first_target, second_target, edges_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.targets =
        c.prepareStatement("INSERT INTO object_edge_targets (target_key, set_seq) VALUES (?, ?)");
  }

  /** Adds the set an object states from {@code seq} on; an empty one adds nothing. */
  void add(
      long seq,
      String cluster,
      String group,
      String resource,
      String namespace,
      String name,
      List<ObjectEdge> edges)
      throws SQLException {
    if (edges.isEmpty()) {
      return;
    }
    sets.setLong(1, seq);
    sets.setString(2, cluster);
    sets.setString(3, group);
    sets.setString(4, resource);
    sets.setString(5, namespace);
    sets.setString(6, name);
    sets.setLong(7, EdgeSourceKey.of(new ObjectKey(cluster, group, resource, namespace, name)));
    List<Long> keys = EdgeTargetKey.ofSet(cluster, edges);
    sets.setBytes(EdgeTargetKey.bindOnSet(sets, 8, keys), EdgeText.bytes(edges));
    sets.addBatch();
    for (long key : EdgeTargetKey.beyondSet(keys)) {
      targets.setLong(1, key);
      targets.setLong(2, seq);
      targets.addBatch();
    }
  }

  /** Runs the batched inserts. */
  void flush() throws SQLException {
    sets.executeBatch();
    targets.executeBatch();
  }

  @Override
  public void close() throws SQLException {
    sets.close();
    targets.close();
  }
}
