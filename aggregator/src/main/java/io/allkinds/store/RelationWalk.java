package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import io.allkinds.model.RelationLink;
import io.allkinds.model.RelationNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one neighbourhood level by level: the owners up to the root owner, the descendants down to
 * a depth (one statement per level and target type), the root's other edges both ways; every node
 * once, at most {@link #MAX_NODES} of them.
 */
final class RelationWalk {

  /** The most nodes one answer holds; more set {@code truncated}. */
  static final int MAX_NODES = 500;

  /** The most levels of owners above the root (owner chains are short; this guards cycles). */
  private static final int MAX_OWNER_LEVELS = 10;

  /** The most objects that point at the root other than as its dependents (Pods of a node). */
  private static final int MAX_POINTING = 100;

  private final RelationNodes nodes;
  private final RelationEdges edges;
  private final Map<String, RelationNodes.Found> found = new LinkedHashMap<>();
  private final Set<RelationLink> links = new LinkedHashSet<>();
  private boolean truncated;

  RelationWalk(RelationNodes nodes, RelationEdges edges) {
    this.nodes = nodes;
    this.edges = edges;
  }

  List<RelationNode> nodes() {
    return found.values().stream().map(RelationNodes.Found::node).toList();
  }

  List<RelationLink> links() {
    return List.copyOf(links);
  }

  boolean truncated() {
    return truncated;
  }

  void truncate() {
    truncated = true;
  }

  /** Adds a node unless it is there or the cap is reached; answers whether it is in the graph. */
  boolean add(RelationNodes.Found f) {
    if (found.containsKey(f.node().id())) {
      return true;
    }
    if (found.size() >= MAX_NODES) {
      truncated = true;
      return false;
    }
    found.put(f.node().id(), f);
    return true;
  }

  void link(RelationNodes.Found from, RelationNodes.Found to, String relation) {
    links.add(new RelationLink(from.node().id(), to.node().id(), relation));
  }

  /** The owners of {@code root}, their owners, up to the objects nothing owns. */
  void owners(RelationNodes.Found root) throws SQLException {
    List<RelationNodes.Found> level = List.of(root);
    for (int i = 0; i < MAX_OWNER_LEVELS && !level.isEmpty(); i++) {
      List<RelationNodes.Found> next = new ArrayList<>();
      for (RelationNodes.Found f : level) {
        for (RelationEdges.Edge e : edges.from(f.key(), true)) {
          RelationNodes.Found owner = target(f, e);
          boolean isNew = !found.containsKey(owner.node().id());
          if (add(owner)) {
            link(f, owner, e.relation());
            if (isNew && owner.key() != null) {
              next.add(owner);
            }
          }
        }
      }
      level = next;
    }
  }

  /** What {@code root} owns, what that owns, down to {@code depth} levels. */
  void descendants(RelationNodes.Found root, int depth) throws SQLException {
    List<RelationNodes.Found> level = List.of(root);
    for (int d = 0; d < depth && !level.isEmpty() && !truncated; d++) {
      List<RelationNodes.Found> next = new ArrayList<>();
      for (Map.Entry<TargetType, List<RelationNodes.Found>> group : byTarget(level).entrySet()) {
        TargetType t = group.getKey();
        Map<String, RelationNodes.Found> targets = new LinkedHashMap<>();
        group.getValue().forEach(f -> targets.put(f.node().name(), f));
        int room = MAX_NODES - found.size() + 1;
        List<RelationEdges.Edge> owned =
            edges.to(
                t.cluster(),
                t.group(),
                t.kind(),
                t.namespace(),
                List.copyOf(targets.keySet()),
                true,
                room);
        if (owned.size() >= room || edges.cut()) {
          truncated = true;
        }
        Map<ObjectKey, RelationNodes.Found> sources =
            nodes.read(owned.stream().map(RelationEdges.Edge::source).distinct().toList());
        for (RelationEdges.Edge e : owned) {
          RelationNodes.Found child = sources.get(e.source());
          if (child == null) {
            continue;
          }
          boolean isNew = !found.containsKey(child.node().id());
          if (add(child)) {
            link(child, targets.get(e.name()), e.relation());
            if (isNew) {
              next.add(child);
            }
          }
        }
      }
      level = next;
    }
  }

  /** The root's edges other than owners, and the objects that point at it other than so. */
  void neighbours(RelationNodes.Found root) throws SQLException {
    for (RelationEdges.Edge e : edges.from(root.key(), false)) {
      RelationNodes.Found t = target(root, e);
      if (add(t)) {
        link(root, t, e.relation());
      }
    }
    RelationNode r = root.node();
    List<RelationEdges.Edge> pointing =
        edges.to(
            r.cluster(), group(r), r.kind(), r.namespace(), List.of(r.name()), false, MAX_POINTING);
    if (pointing.size() >= MAX_POINTING || edges.cut()) {
      truncated = true;
    }
    Map<ObjectKey, RelationNodes.Found> sources =
        nodes.read(pointing.stream().map(RelationEdges.Edge::source).distinct().toList());
    for (RelationEdges.Edge e : pointing) {
      RelationNodes.Found s = sources.get(e.source());
      if (s != null && add(s)) {
        link(s, root, e.relation());
      }
    }
  }

  private RelationNodes.Found target(RelationNodes.Found from, RelationEdges.Edge e)
      throws SQLException {
    return nodes.target(
        from.node().cluster(), e.group(), e.kind(), e.namespace(), e.name(), e.uid());
  }

  /** The stored nodes of a level by cluster, group, kind and namespace. */
  private static Map<TargetType, List<RelationNodes.Found>> byTarget(
      List<RelationNodes.Found> level) {
    Map<TargetType, List<RelationNodes.Found>> out = new LinkedHashMap<>();
    for (RelationNodes.Found f : level) {
      if (f.key() == null) {
        continue;
      }
      RelationNode n = f.node();
      out.computeIfAbsent(
              new TargetType(n.cluster(), group(n), n.kind(), n.namespace()),
              k -> new ArrayList<>())
          .add(f);
    }
    return out;
  }

  /** The objects of one kind in one namespace of a cluster, as edges name their targets. */
  private record TargetType(String cluster, String group, String kind, String namespace) {}

  /** The API group of a node ({@code ""} for the core group). */
  static String group(RelationNode n) {
    int slash = n.apiVersion().indexOf('/');
    return slash < 0 ? "" : n.apiVersion().substring(0, slash);
  }
}
