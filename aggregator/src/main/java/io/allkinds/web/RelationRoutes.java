package io.allkinds.web;

import io.allkinds.model.ObjectName;
import io.allkinds.model.RelationGraph;
import io.allkinds.model.RelationLink;
import io.allkinds.model.RelationNode;
import io.allkinds.model.RelationQuery;
import io.allkinds.model.Timestamps;
import io.allkinds.store.RelationQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /api/v1/relations}: an object's neighbourhood, now or as of an instant: its owners up to
 * the root owner, its descendants down to {@code depth}, and what it names or is named by.
 */
final class RelationRoutes {

  private static final Set<String> PARAMS =
      Set.of("cluster", "apiVersion", "kind", "namespace", "name", "asOf", "depth");

  private final RelationQueries relations;
  private final Responder responder;

  RelationRoutes(RelationQueries relations, Responder responder) {
    this.relations = relations;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/relations")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), PARAMS);
                      ObjectName object = p.objectName();
                      Instant asOf = p.time("asOf");
                      int depth = p.integer("depth", 3, 1, 5);
                      RelationGraph g = relations.graph(new RelationQuery(object, asOf, depth));
                      if (g == null) {
                        throw new ApiError(
                            404,
                            "not_found",
                            "no "
                                + object.kind()
                                + " "
                                + (object.namespace().isEmpty() ? "" : object.namespace() + "/")
                                + object.name()
                                + " in cluster "
                                + object.cluster()
                                + (asOf == null ? "" : " at " + asOf));
                      }
                      return json(g);
                    }));
  }

  static JsonObject json(RelationGraph g) {
    JsonArray nodes = new JsonArray();
    for (RelationNode n : g.nodes()) {
      JsonObject node =
          new JsonObject()
              .put("id", n.id())
              .put("cluster", n.cluster())
              .put("apiVersion", n.apiVersion())
              .put("kind", n.kind())
              .put("namespace", n.namespace())
              .put("name", n.name())
              .put("uid", n.uid())
              .put("deleted", n.deleted());
      if (n.missing()) {
        node.put("missing", true);
      }
      if (n.state() != null) {
        node.put("state", n.state());
      }
      nodes.add(node);
    }
    JsonArray edges = new JsonArray();
    for (RelationLink l : g.edges()) {
      edges.add(
          new JsonObject().put("from", l.from()).put("to", l.to()).put("relation", l.relation()));
    }
    JsonObject out = new JsonObject().put("root", g.root());
    if (g.asOf() != null) {
      out.put("asOf", Timestamps.format(g.asOf()));
    }
    out.put("nodes", nodes).put("edges", edges).put("truncated", g.truncated());
    if (g.defines() != null) {
      out.put(
          "defines",
          new JsonObject()
              .put("apiVersion", g.defines().apiVersion())
              .put("kind", g.defines().kind())
              .put("count", g.defines().count()));
    }
    return out;
  }
}
