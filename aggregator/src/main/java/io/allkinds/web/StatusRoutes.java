package io.allkinds.web;

import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreHealth;
import io.allkinds.store.StoreSize;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * {@code /api/v1/clusters} (with the store's state, size and disk budget) and {@code
 * /api/v1/resource-types}: how each cluster and type is doing.
 */
final class StatusRoutes {

  private final StatusQueries status;
  private final StoreHealth health;
  private final StoreSize size;
  private final Responder responder;

  StatusRoutes(ApiQueries store, Responder responder) {
    this.status = store.status();
    this.health = store.storeHealth();
    this.size = store.storeSize();
    this.responder = responder;
  }

  void mount(Router router) {
    router
        .get("/api/v1/clusters")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params.expectNone(ctx.queryParams());
                      JsonArray items = new JsonArray();
                      status.clusters().forEach(c -> items.add(Json.cluster(c)));
                      return new JsonObject()
                          .put("items", items)
                          .put(
                              "store",
                              HealthRoutes.store(health.snapshot())
                                  .put("bytes", size.bytes() < 0 ? null : size.bytes())
                                  .put("maxBytes", size.maxBytes()));
                    }));
    router
        .get("/api/v1/resource-types")
        .handler(
            ctx ->
                responder.json(
                    ctx,
                    () -> {
                      Params p = new Params(ctx.queryParams(), Set.of("cluster"));
                      JsonArray items = new JsonArray();
                      status
                          .resourceTypes(p.strings("cluster"))
                          .forEach(t -> items.add(Json.resourceType(t)));
                      return new JsonObject().put("items", items);
                    }));
  }
}
