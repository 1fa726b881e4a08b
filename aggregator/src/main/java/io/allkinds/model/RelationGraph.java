package io.allkinds.model;

import java.time.Instant;
import java.util.List;

/**
 * An object's neighbourhood: its id ({@code root}), the nodes (the root first) and the links
 * between them, whether a cap left some out, and for a CustomResourceDefinition how many objects of
 * its type there are ({@code defines}, else null).
 */
public record RelationGraph(
    String root,
    Instant asOf,
    List<RelationNode> nodes,
    List<RelationLink> edges,
    boolean truncated,
    Defines defines) {

  public RelationGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** The type a CustomResourceDefinition defines and how many objects of it are stored. */
  public record Defines(String apiVersion, String kind, long count) {}
}
