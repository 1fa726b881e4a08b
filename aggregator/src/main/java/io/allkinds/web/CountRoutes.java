package io.allkinds.web;

import io.allkinds.model.CountRow;
import io.allkinds.store.CountQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/counts?by=cluster,kind}: how many live objects each combination has ("where does
 * this CRD run").
 */
final class CountRoutes {

  private final CountQueries counts;
  private final Responder responder;

  CountRoutes(CountQueries counts, Responder responder) {
    this.counts = counts;
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/counts")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), Set.of("by", "cluster"));
                      String by = p.string("by");
                      Set<String> dims = new LinkedHashSet<>();
                      for (String d :
                          (by == null || by.isBlank() ? "cluster,kind" : by).split(",", -1)) {
                        String dim = d.trim();
                        if (dim.isEmpty()) {
                          continue;
                        }
                        if (!CountQueries.DIMENSIONS.containsKey(dim)) {
                          throw ApiError.badParameter(
                              "by",
                              "unknown dimension '"
                                  + dim
                                  + "'; expected some of "
                                  + CountQueries.DIMENSIONS.keySet().stream().sorted().toList());
                        }
                        dims.add(dim);
                      }
                      if (dims.isEmpty()) {
                        throw ApiError.badParameter(
                            "by",
                            "names no dimension; expected some of "
                                + CountQueries.DIMENSIONS.keySet().stream().sorted().toList());
                      }
                      List<CountRow> rows = counts.counts(List.copyOf(dims), p.strings("cluster"));
                      boolean truncated = rows.size() > CountQueries.MAX_ROWS;
                      JsonArray items = new JsonArray();
                      rows.stream()
                          .limit(CountQueries.MAX_ROWS)
                          .forEach(
                              r -> {
                                JsonObject item = new JsonObject();
                                r.dimensions().forEach(item::put);
                                items.add(item.put("objects", r.objects()));
                              });
                      return new JsonObject()
                          .put("by", new JsonArray(List.copyOf(dims)))
                          .put("items", items)
                          .put("truncated", truncated);
                    }));
  }
}
