package io.allkinds.store;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code object_edges} that hold now ({@code to_seq IS NULL}) or as of a journal position
 * ({@code from_seq <= S AND (to_seq IS NULL OR to_seq > S)}): an object's own edges on the source
 * index, the edges that point at some objects on the target index.
 */
final class RelationEdges {

  /** One stored edge: its source object, the relation as stored, and the target it names. */
  record Edge(
      ObjectKey source,
      String relation,
      String group,
      String kind,
      String namespace,
      String name,
      String uid) {}

  private static final String OWNER = EdgeRelation.OWNER.stored();
  private static final String COLUMNS =
      "cluster, api_group, resource, namespace, name, relation,"
          + " target_group, target_kind, target_namespace, target_name, target_uid";

  private final Connection c;
  private final long at;

  /** Reads through {@code c}; the live edges when {@code at} is 0, else as of seq {@code at}. */
  RelationEdges(Connection c, long at) {
    this.c = c;
    this.at = at;
  }

  /** The edges {@code source} states: its owners only, or all but its owners. */
  List<Edge> from(ObjectKey source, boolean owners) throws SQLException {
    Where w =
        new Where()
            .eq("cluster", source.cluster())
            .eq("api_group", source.group())
            .eq("resource", source.resource())
            .eq("namespace", source.namespace())
            .eq("name", source.name());
    return read(
        w,
        owners,
        " ORDER BY relation, target_group, target_kind, target_namespace, target_name",
        1000);
  }

  /**
   * Up to {@code cap} edges that name one of {@code names} (a kind of a group in a cluster's
   * namespace) as their target: owner edges (its dependents) or all others.
   */
  List<Edge> to(
      String cluster,
      String group,
      String kind,
      String namespace,
      List<String> names,
      boolean owners,
      int cap)
      throws SQLException {
    Where w =
        new Where()
            .eq("cluster", cluster)
            .eq("target_kind", kind)
            .eq("target_namespace", namespace)
            .in("target_name", names)
            .eq("target_group", group);
    return read(
        w, owners, " ORDER BY target_name, relation, api_group, resource, namespace, name", cap);
  }

  private List<Edge> read(Where w, boolean owners, String order, int cap) throws SQLException {
    w.add(owners ? "relation = ?" : "relation <> ?", OWNER);
    if (at == 0) {
      // Not "to_seq IS NULL": H2 would answer that from the index on to_seq, every live edge.
      w.add("COALESCE(to_seq, -1) = -1");
    } else {
      w.add("from_seq <= ?", at).add("(to_seq IS NULL OR to_seq > ?)", at);
    }
    List<Edge> out = new ArrayList<>();
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT "
                + COLUMNS
                + " FROM object_edges"
                + w.sql()
                + order
                + " FETCH FIRST "
                + cap
                + " ROWS ONLY")) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Edge e =
              new Edge(
                  Rows.key(rs),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11));
          if (!out.contains(e)) {
            out.add(e);
          }
        }
      }
    }
    return out;
  }
}
