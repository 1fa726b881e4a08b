package io.allkinds.web;

import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectName;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSort;
import io.allkinds.store.InventoryQueries;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /api/v1/objects} (pages of the inventory across clusters, filtered) and {@code
 * /api/v1/object} (one).
 */
final class ObjectRoutes {

  private static final Set<String> LIST_PARAMS =
      Set.of(
          "cluster",
          "apiVersion",
          "group",
          "kind",
          "resource",
          "namespace",
          "name",
          "labelSelector",
          "q",
          "includeDeleted",
          "full",
          "limit",
          "continue",
          "asOf",
          "sort");
  private static final Set<String> ONE_PARAMS =
      Set.of("cluster", "apiVersion", "kind", "namespace", "name", "asOf");

  private final InventoryQueries inventory;
  private final Responder responder;

  ObjectRoutes(InventoryQueries inventory, Responder responder) {
    this.inventory = inventory;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/objects")
        .handler(
            ctx ->
                responder.stream(
                    ctx,
                    out -> {
                      Params p = new Params(ctx.queryParams(), LIST_PARAMS);
                      ApiVersion av = ApiVersion.parse(p.string("apiVersion"));
                      String group = p.string("group");
                      if (group != null && av.group() != null && !group.equals(av.group())) {
                        throw ApiError.badParameter("group", "contradicts apiVersion");
                      }
                      int limit = p.integer("limit", 100, 1, 1000);
                      ObjectSort sort = sort(p.string("sort"));
                      if (sort != ObjectSort.KEY && p.time("asOf") != null) {
                        throw ApiError.badParameter("sort", "asOf listings come in key order only");
                      }
                      ObjectQuery q =
                          new ObjectQuery(
                              p.strings("cluster"),
                              group != null ? group : av.group(),
                              av.version(),
                              p.string("kind"),
                              p.string("resource"),
                              p.string("namespace"),
                              p.string("name"),
                              LabelSelectorParser.parse(p.string("labelSelector")),
                              p.string("q"),
                              p.bool("includeDeleted"),
                              p.bool("full"),
                              limit,
                              sort,
                              ContinueToken.decode(p.string("continue"), sort),
                              p.time("asOf"));
                      // Items go out as rows are read; the page ends at limit or once its bytes
                      // pass the budget.
                      ObjectCursor next =
                          inventory.stream(
                              q, (o, body) -> out.item(Json.item(Json.object(o), body, null)));
                      out.end(
                          new JsonObject()
                              .put(
                                  "continue",
                                  next == null ? null : ContinueToken.encode(next, sort)));
                    }));
    router
        .get("/api/v1/object")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), ONE_PARAMS);
                      ObjectName object = p.objectName();
                      Instant asOf = p.time("asOf");
                      ObjectPage page = inventory.list(ObjectQuery.single(object, asOf));
                      if (page.items().isEmpty()) {
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
                      return Json.object(page.items().get(0));
                    }));
  }

  private static ObjectSort sort(String value) {
    if (value == null || value.isEmpty() || value.equals("key")) {
      return ObjectSort.KEY;
    }
    return switch (value) {
      case "name" -> ObjectSort.NAME;
      case "-lastChange" -> ObjectSort.LAST_CHANGE;
      default ->
          throw ApiError.badParameter(
              "sort", "expected key, name or -lastChange, got '" + value + "'");
    };
  }
}
