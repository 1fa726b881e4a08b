package io.allkinds.web;

import io.allkinds.store.StatusQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;

/** {@code /healthz} (the process serves) and {@code /readyz} (every reachable cluster finished its first sync). */
final class HealthRoutes {

  private final StatusQueries status;
  private final List<String> clusters;
  private final Responder responder;

  HealthRoutes(StatusQueries status, List<String> clusters, Responder responder) {
    this.status = status;
    this.clusters = clusters;
    this.responder = responder;
  }

  void mount(Router router) {
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "ok").encode()));
    router.get("/readyz").handler(ctx -> responder.json(ctx, () -> {
      List<String> waiting = status.notReady(clusters);
      if (!waiting.isEmpty()) {
        throw new ApiError(503, "not_ready", "still syncing: " + String.join(", ", waiting));
      }
      return new JsonObject().put("status", "ready").put("clusters", new JsonArray(clusters));
    }));
  }
}
