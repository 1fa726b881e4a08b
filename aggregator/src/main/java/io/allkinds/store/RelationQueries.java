package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectName;
import io.allkinds.model.RelationGraph;
import io.allkinds.model.RelationNode;
import io.allkinds.model.RelationQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Answers "what does it belong to, what belongs to it": an object's neighbourhood in the graph of
 * the relationships objects state, now or as of an instant. Now, the objects' rows and the edges
 * that hold ({@code to_seq IS NULL}); as of an instant, each object's last journal entry at or
 * before it and the edges that held at its journal position. Every read is an index lookup, one
 * statement per level and target type for the descendants, and the answer is capped at {@value
 * RelationWalk#MAX_NODES} nodes.
 */
public final class RelationQueries {

  private final DataSource dataSource;
  private final Rows rows;

  public RelationQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /** The neighbourhood of the query's object, or null when it is unknown (at the instant). */
  public RelationGraph graph(RelationQuery q) {
    try (Connection c = dataSource.getConnection()) {
      return graph(c, q);
    } catch (SQLException e) {
      throw Rows.failure(e, "the object's relationships", "ask for a smaller depth");
    }
  }

  private RelationGraph graph(Connection c, RelationQuery q) throws SQLException {
    long at = 0;
    if (q.asOf() != null) {
      at = JournalClock.lastSeqBefore(c, q.asOf(), true);
      if (at == 0) {
        return null;
      }
    }
    ObjectName o = q.object();
    RelationNodes.Found root = root(c, o, at);
    if (root == null) {
      return null;
    }
    boolean deletedNow = false;
    if (at == 0 && root.node().deleted()) {
      // A deleted object's edges ended with it: show them as they were just before.
      at = lastSeq(c, root.key()) - 1;
      RelationNodes.Found before = at > 0 ? root(c, o, at) : null;
      if (before == null) {
        at = 0;
      } else {
        root = before;
        deletedNow = true;
      }
    }
    RelationNodes nodes = new RelationNodes(c, rows, at);
    RelationWalk walk = new RelationWalk(nodes, new RelationEdges(c, at));
    walk.add(root);
    walk.owners(root);
    walk.descendants(root, q.depth());
    walk.neighbours(root);
    RelationGraph.Defines defines = new RelationSelects(c, nodes, walk, at).add(root);
    List<RelationNode> all = walk.nodes();
    if (deletedNow) {
      RelationNode r = all.get(0);
      all = new ArrayList<>(all);
      all.set(
          0,
          new RelationNode(
              r.id(),
              r.cluster(),
              r.apiVersion(),
              r.kind(),
              r.namespace(),
              r.name(),
              r.uid(),
              true,
              false,
              null));
    }
    return new RelationGraph(
        root.node().id(), q.asOf(), all, walk.links(), walk.truncated(), defines);
  }

  /** The object named, read live or as of {@code at}; null when unknown then. */
  private RelationNodes.Found root(Connection c, ObjectName o, long at) throws SQLException {
    RelationNodes nodes = new RelationNodes(c, rows, at);
    RelationNodes.Type t = nodes.type(o.cluster(), o.group(), o.kind());
    // The store keeps each type at one version; every version a cluster serves names the same
    // objects, so the version asked for is not compared.
    if (t == null) {
      return null;
    }
    ObjectKey key =
        new ObjectKey(
            o.cluster(), o.group(), t.resource(), t.namespaced() ? o.namespace() : "", o.name());
    return nodes.read(List.of(key)).get(key);
  }

  private static long lastSeq(Connection c, ObjectKey k) throws SQLException {
    try (var ps = Rows.prepare(c, "SELECT seq FROM objects" + ObjectKeySql.WHERE)) {
      ObjectKeySql.bind(ps, 1, k);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
