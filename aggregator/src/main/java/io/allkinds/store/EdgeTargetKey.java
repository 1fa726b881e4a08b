package io.allkinds.store;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The number an edge's target is found by ({@code object_edge_sets.first_target} and {@code
 * second_target}, {@code object_edge_targets.target_key} for more): the high 32 bits hash the
 * cluster and namespace, so a namespace's targets lie together in the index and a list (sorted by
 * namespace) inserts near where it inserted last; the low 32 bits hash the kind, group and name and
 * whether the edge is an owner reference. Java's String hash, which the language defines, so every
 * version and replica computes the same one; targets that share a key only cost a row read, as
 * readers compare the set's own text.
 */
public final class EdgeTargetKey {

  /**
   * How many of a set's target keys the set's own row keeps ({@code first_target}, {@code
   * second_target}).
   */
  public static final int ON_SET = 2;

  private EdgeTargetKey() {}

  /** The key of a target; {@code owner} for owner references (a target's dependents). */
  public static long of(
      String cluster, String group, String kind, String namespace, String name, boolean owner) {
    long high = LineJoinedHash.of(cluster, namespace);
    long low =
        owner ? LineJoinedHash.of(kind, group, name, "o") : LineJoinedHash.of(kind, group, name);
    return (high << 32) | (low & 0xFFFF_FFFFL);
  }

  /**
   * The distinct keys of the targets of a set that the store keeps a row for ({@link
   * EdgeRelation#keptByTarget()}; a Pod may name one node twice).
   */
  public static List<Long> ofSet(String cluster, List<ObjectEdge> edges) {
    Set<Long> out = new LinkedHashSet<>();
    for (ObjectEdge e : edges) {
      if (!e.relation().keptByTarget()) {
        continue;
      }
      out.add(
          of(
              cluster,
              e.group(),
              e.kind(),
              e.namespace(),
              e.name(),
              e.relation() == EdgeRelation.OWNER));
    }
    return List.copyOf(out);
  }

  /**
   * Binds the first {@link #ON_SET} keys (NULL for those a set does not have) from {@code index};
   * answers the next free index.
   */
  public static int bindOnSet(PreparedStatement ps, int index, List<Long> keys)
      throws SQLException {
    for (int i = 0; i < ON_SET; i++) {
      if (i < keys.size()) {
        ps.setLong(index++, keys.get(i));
      } else {
        ps.setNull(index++, Types.BIGINT);
      }
    }
    return index;
  }

  /** The keys beyond the first {@link #ON_SET}, kept in {@code object_edge_targets}. */
  public static List<Long> beyondSet(List<Long> keys) {
    return keys.subList(Math.min(ON_SET, keys.size()), keys.size());
  }
}
