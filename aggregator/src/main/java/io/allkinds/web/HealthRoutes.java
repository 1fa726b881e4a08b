package io.allkinds.web;

import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreException;
import io.allkinds.store.StoreHealth;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /healthz} (the process can make progress by itself: its store writer is alive) and {@code
 * /readyz} (every reachable cluster finished its first sync); both show the store's state. Their
 * store reads run on their own small pool and connections, never behind API queries.
 */
final class HealthRoutes {

  private final StatusQueries status;
  private final StoreHealth health;
  private final List<String> clusters;
  private WorkerExecutor worker;

  HealthRoutes(ApiQueries store, List<String> clusters) {
    this.status = store.healthStatus();
    this.health = store.storeHealth();
    this.clusters = clusters;
  }

  /** The store's state as the API shows it: {@code {state, reason, since}}. */
  static JsonObject store(StoreHealth.Snapshot s) {
    JsonObject store = new JsonObject().put("state", s.state().json());
    if (s.reason() != null) {
      store.put("reason", s.reason());
    }
    return store
        .put("since", s.since().toString())
        .put("writer", s.writerAlive() ? "alive" : "stopped");
  }

  void mount(Router router) {
    router
        .get("/healthz")
        .handler(
            ctx -> {
              StoreHealth.Snapshot s = health.snapshot();
              JsonObject body =
                  new JsonObject()
                      .put("status", s.writerAlive() ? "ok" : "failing")
                      .put("store", store(s));
              if (!s.writerAlive()) {
                body.put(
                    "message",
                    "the store writer stopped for good ("
                        + s.writerFailure()
                        + "); restart the process,"
                        + " it resumes from what was stored");
              }
              ctx.response()
                  .setStatusCode(s.writerAlive() ? 200 : 503)
                  .putHeader("content-type", "application/json")
                  .end(body.encode());
            });
    router
        .get("/readyz")
        .handler(
            ctx ->
                worker(ctx)
                    .executeBlocking(() -> status.notReady(clusters), false)
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            if (ar.cause() instanceof StoreException e && e.unavailable()) {
                              ctx.response()
                                  .setStatusCode(503)
                                  .putHeader("content-type", "application/json")
                                  .end(
                                      new JsonObject()
                                          .put("error", "store_unavailable")
                                          .put(
                                              "message",
                                              "the store cannot be read"
                                                  + " right now; retry shortly")
                                          .put("store", store(health.snapshot()))
                                          .encode());
                            } else {
                              Responder.error(ctx, ar.cause());
                            }
                            return;
                          }
                          List<String> waiting = ar.result();
                          JsonObject store = store(health.snapshot());
                          if (!waiting.isEmpty()) {
                            ctx.response()
                                .setStatusCode(503)
                                .putHeader("content-type", "application/json")
                                .end(
                                    new JsonObject()
                                        .put("error", "not_ready")
                                        .put(
                                            "message",
                                            "still syncing: " + String.join(", ", waiting))
                                        .put("store", store)
                                        .encode());
                            return;
                          }
                          ctx.response()
                              .putHeader("content-type", "application/json")
                              .end(
                                  new JsonObject()
                                      .put("status", "ready")
                                      .put("clusters", new JsonArray(clusters))
                                      .put("store", store)
                                      .encode());
                        }));
  }

  /** The health checks' own worker, created on the event loop at the first check. */
  private WorkerExecutor worker(RoutingContext ctx) {
    if (worker == null) {
      worker = ctx.vertx().createSharedWorkerExecutor("allkinds-health", 2);
    }
    return worker;
  }
}
