package io.allkinds.web;

import io.allkinds.store.CountQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/counts?by=cluster,kind}: how many live objects each combination has ("where does this CRD run"). */
final class CountRoutes {

  private final CountQueries counts;
  private final Responder responder;

  CountRoutes(CountQueries counts, Responder responder) {
    this.counts = counts;
    this.responder = responder;
  }

  void mount(Router router) {
    router.get("/api/v1/counts").handler(ctx -> responder.json(ctx, () -> {
      Params p = new Params(ctx.queryParams(), Set.of("by", "cluster"));
      String by = p.string("by");
      Set<String> dims = new LinkedHashSet<>();
      for (String d : (by == null || by.isBlank() ? "cluster,kind" : by).split(",")) {
        String dim = d.trim();
        if (!CountQueries.DIMENSIONS.containsKey(dim)) {
          throw ApiError.badParameter("by", "unknown dimension '" + dim + "'; expected some of "
              + CountQueries.DIMENSIONS.keySet().stream().sorted().toList());
        }
        dims.add(dim);
      }
      JsonArray items = new JsonArray();
      counts.counts(List.copyOf(dims), p.strings("cluster")).forEach(r -> {
        JsonObject item = new JsonObject();
        r.dimensions().forEach(item::put);
        items.add(item.put("objects", r.objects()));
      });
      return new JsonObject().put("by", new JsonArray(List.copyOf(dims))).put("items", items);
    }));
  }
}
