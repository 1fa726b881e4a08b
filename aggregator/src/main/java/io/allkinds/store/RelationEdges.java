package io.allkinds.store;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the relationships that hold now (a set with {@code to_seq IS NULL}) or as of a journal
 * position ({@code from_seq <= S AND (to_seq IS NULL OR to_seq > S)}): an object's own edges from
 * its set, found by its source key; the edges that point at some objects through their target keys,
 * or, for targets named only from their own namespace, from the sets kept there.
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
      String uid) {

    private static Edge of(ObjectKey source, ObjectEdge e) {
      return new Edge(
          source, e.relation().stored(), e.group(), e.kind(), e.namespace(), e.name(), e.uid());
    }
  }

  private static final int MAX_OWN = 1000;

  /**
   * Sets of one type in one namespace read at most to find what names a ConfigMap, Secret,
   * ServiceAccount, claim or Service there.
   */
  static final int MAX_SCANNED = 20_000;

  private static final Comparator<Edge> BY_TARGET =
      Comparator.comparing(Edge::relation)
          .thenComparing(Edge::group)
          .thenComparing(Edge::kind)
          .thenComparing(Edge::namespace)
          .thenComparing(Edge::name);
  private static final Comparator<Edge> BY_SOURCE =
      Comparator.comparing(Edge::name)
          .thenComparing(Edge::relation)
          .thenComparing(e -> e.source().group())
          .thenComparing(e -> e.source().resource())
          .thenComparing(e -> e.source().namespace())
          .thenComparing(e -> e.source().name());

  private final Connection c;
  private final long at;
  private boolean cut;

  /** Reads through {@code c}; the live edges when {@code at} is 0, else as of seq {@code at}. */
  RelationEdges(Connection c, long at) {
    this.c = c;
    this.at = at;
  }

  /** The edges {@code source} states: its owners only, or all but its owners. */
  List<Edge> from(ObjectKey source, boolean owners) throws SQLException {
    Where w =
        new Where()
            .add("source_key = ?", EdgeSourceKey.of(source))
            .eq("cluster", source.cluster())
            .eq("api_group", source.group())
            .eq("resource", source.resource())
            .eq("namespace", source.namespace())
            .eq("name", source.name());
    held(w, "");
    Set<Edge> out = new LinkedHashSet<>();
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT edges_bytes, edges FROM object_edge_sets" + w.sql() + " ORDER BY from_seq")) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          for (ObjectEdge e : EdgeText.decode(rs.getBytes(1), rs.getString(2))) {
            if ((e.relation() == EdgeRelation.OWNER) == owners) {
              out.add(Edge.of(source, e));
            }
          }
        }
      }
    }
    return out.stream().sorted(BY_TARGET).limit(MAX_OWN).toList();
  }

  /**
   * Up to {@code cap} edges that name one of {@code names} (a kind of a group in a cluster's
   * namespace) as their target: owner edges (its dependents) or all others. Those the store keeps a
   * target row for are found through it; the others by reading the sets that the types stating them
   * keep in that namespace, at most {@link #MAX_SCANNED} of each ({@link #cut()} says so).
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
    if (names.isEmpty()) {
      return List.of();
    }
    Target target = new Target(cluster, group, kind, namespace, Set.copyOf(names), owners);
    Set<Edge> out = new LinkedHashSet<>();
    if (keptFor(target)) {
      byKey(target, cap, out);
    }
    for (EdgeRelation.Source source : localSources(target)) {
      inNamespace(target, source, out);
    }
    return out.stream().sorted(BY_SOURCE).limit(cap).toList();
  }

  /** Whether a read stopped at {@link #MAX_SCANNED} sets, so that some edges may be missing. */
  boolean cut() {
    return cut;
  }

  /** The targets asked for: names of one kind in a namespace, by owner edges or by others. */
  private record Target(
      String cluster,
      String group,
      String kind,
      String namespace,
      Set<String> names,
      boolean owners) {

    boolean named(ObjectEdge e) {
      return (e.relation() == EdgeRelation.OWNER) == owners
          && e.group().equals(group)
          && e.kind().equals(kind)
          && e.namespace().equals(namespace)
          && names.contains(e.name());
    }
  }

  /**
   * The edges found through their target keys: on the sets' first and second target, then among the
   * further targets of sets that name more, each read in its index's order and capped.
   */
  private void byKey(Target t, int cap, Set<Edge> out) throws SQLException {
    List<Long> keys =
        t.names().stream()
            .map(
                n ->
                    EdgeTargetKey.of(
                        t.cluster(), t.group(), t.kind(), t.namespace(), n, t.owners()))
            .distinct()
            .toList();
    for (String column : List.of("s.first_target", "s.second_target", "t.target_key")) {
      boolean further = column.startsWith("t.");
      Where w = new Where().in(column, keys);
      held(w, "s.");
      try (PreparedStatement ps =
          Rows.prepare(
              c,
              "SELECT s.cluster, s.api_group, s.resource, s.namespace, s.name, s.edges_bytes, s.edges"
                  + (further
                      ? " FROM object_edge_targets t JOIN object_edge_sets s"
                          + " ON s.from_seq = t.set_seq"
                      : " FROM object_edge_sets s")
                  + w.sql()
                  + " ORDER BY "
                  + column
                  + (further ? ", t.set_seq" : ", s.from_seq")
                  + " FETCH FIRST "
                  + cap
                  + " ROWS ONLY")) {
        w.bind(ps);
        collect(ps, t, out);
      }
    }
  }

  /**
   * Whether target rows are kept for such targets: owners, nodes (of Pods), volumes (of claims).
   */
  private static boolean keptFor(Target t) {
    return t.owners()
        || (t.group().isEmpty()
            && Arrays.stream(EdgeRelation.values())
                .anyMatch(r -> r.keptByTarget() && t.kind().equals(r.targetKind())));
  }

  /**
   * The types whose objects name targets of this kind only within their own namespace: Pods for
   * ConfigMaps, Secrets, ServiceAccounts and claims, Ingresses for Services.
   */
  private static List<EdgeRelation.Source> localSources(Target t) {
    if (t.owners() || !t.group().isEmpty()) {
      return List.of();
    }
    return Arrays.stream(EdgeRelation.values())
        .filter(r -> !r.keptByTarget() && t.kind().equals(r.targetKind()))
        .flatMap(r -> r.sources().stream())
        .distinct()
        .toList();
  }

  /** The edges that the sets of one type in the target's namespace state. */
  private void inNamespace(Target t, EdgeRelation.Source source, Set<Edge> out)
      throws SQLException {
    Where w =
        new Where()
            .add(
                "source_key BETWEEN ? AND ?",
                EdgeSourceKey.namespaceFrom(
                    t.cluster(), source.group(), source.resource(), t.namespace()),
                EdgeSourceKey.namespaceTo(
                    t.cluster(), source.group(), source.resource(), t.namespace()))
            .eq("cluster", t.cluster())
            .eq("api_group", source.group())
            .eq("resource", source.resource())
            .eq("namespace", t.namespace());
    held(w, "");
    try (PreparedStatement ps =
        Rows.prepare(
            c,
            "SELECT cluster, api_group, resource, namespace, name, edges_bytes, edges"
                + " FROM object_edge_sets"
                + w.sql()
                + " FETCH FIRST "
                + MAX_SCANNED
                + " ROWS ONLY")) {
      w.bind(ps);
      if (collect(ps, t, out) >= MAX_SCANNED) {
        cut = true;
      }
    }
  }

  /** Adds the edges naming {@code t} from the sets {@code ps} reads; answers the sets read. */
  private static int collect(PreparedStatement ps, Target t, Set<Edge> out) throws SQLException {
    int read = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        read++;
        ObjectKey source = Rows.key(rs);
        if (!source.cluster().equals(t.cluster())) {
          continue; // another target with the same key
        }
        for (ObjectEdge e : EdgeText.decode(rs.getBytes(6), rs.getString(7))) {
          if (t.named(e)) {
            out.add(Edge.of(source, e));
          }
        }
      }
    }
    return read;
  }

  /** The sets that hold now, or as of {@code at}; {@code alias} qualifies the set's columns. */
  private void held(Where w, String alias) {
    if (at == 0) {
      // COALESCE rather than "to_seq IS NULL": the planner stays on the per-object indexes.
      w.add("COALESCE(" + alias + "to_seq, -1) = -1");
    } else {
      w.add(alias + "from_seq <= ?", at)
          .add("(" + alias + "to_seq IS NULL OR " + alias + "to_seq > ?)", at);
    }
  }
}
