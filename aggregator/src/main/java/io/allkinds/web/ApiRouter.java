package io.allkinds.web;

import io.allkinds.config.HttpConfig;
import io.allkinds.kubeapi.KubeApi;
import io.allkinds.kubeapi.KubeWatches;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * What is served where, in order: security headers (and, without tokens, the Host check) on every
 * answer; the health checks, open to all; the bearer tokens in front of the API, the metrics and
 * the Kubernetes API ({@code /k8s}); the API's routes, the Kubernetes API and the API's own 404;
 * the static UI, open to all; the last-resort error handler.
 */
final class ApiRouter {

  private final HttpConfig http;
  private final List<String> clusters;
  private final ApiQueries store;
  private final Supplier<String> metrics;
  private final Responder responder;
  private final EventStreams streams;
  private final KubeWatches kubeWatches;
  private final OpenApiRoute openApi;

  ApiRouter(
      HttpConfig http,
      List<String> clusters,
      ApiQueries store,
      Supplier<String> metrics,
      Responder responder,
      EventStreams streams,
      KubeWatches kubeWatches,
      OpenApiRoute openApi) {
    this.http = http;
    this.clusters = clusters;
    this.store = store;
    this.metrics = metrics;
    this.responder = responder;
    this.streams = streams;
    this.kubeWatches = kubeWatches;
    this.openApi = openApi;
  }

  Router create(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    if (http.tokens().isEmpty()) {
      router.route().handler(new HostCheck(http.allowedHosts()));
    }
    router.route().handler(ApiRouter::decodeQuery);
    new HealthRoutes(store, clusters).mount(router);
    BearerAuth auth = new BearerAuth(http.tokens());
    if (auth.enabled()) {
      router.route("/api/*").handler(auth);
      router.route("/metrics").handler(auth);
      router.route("/k8s/*").handler(auth);
    }
    router.get("/metrics").handler(this::metrics);
    new StatusRoutes(store, responder).mount(router);
    new ObjectRoutes(store.inventory(), responder).mount(router);
    new HistoryRoutes(store.history(), responder).mount(router);
    new ChangeRoutes(store.changes(), responder).mount(router);
    new DiffRoutes(store.diffs(), responder).mount(router);
    new WatchRoute(streams, store.tail()).mount(router);
    new CountRoutes(store.counts(), responder).mount(router);
    new SinkRoutes(store.sinks(), store.changes(), responder).mount(router);
    new RelationRoutes(store.relations(), responder).mount(router);
    new CompareRoutes(store.compare(), responder).mount(router);
    openApi.mount(router);
    new KubeApi(
            store.status(),
            store.inventory(),
            store.changes(),
            store.history(),
            store.tail(),
            responder,
            kubeWatches)
        .mount(router);
    router
        .route("/api/*")
        .handler(
            ctx ->
                Responder.error(
                    ctx,
                    new ApiError(404, "not_found", "no such endpoint: " + ctx.request().path())));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router
        .route()
        .failureHandler(
            ctx ->
                Responder.error(
                    ctx,
                    ctx.failure() != null
                        ? ctx.failure()
                        : new ApiError(
                            ctx.statusCode(),
                            "http_" + ctx.statusCode(),
                            "request failed with status " + ctx.statusCode())));
    return router;
  }

  /**
   * A query string that does not decode (bad percent-escapes, invalid UTF-8) is the client's error.
   */
  private static void decodeQuery(RoutingContext ctx) {
    try {
      ctx.queryParams();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      Responder.error(
          ctx,
          new ApiError(
              400, "bad_query", "the query string cannot be decoded: " + cause.getMessage()));
      return;
    }
    ctx.next();
  }

  private void metrics(RoutingContext ctx) {
    responder
        .submit(metrics::get)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(ar.result());
              } else {
                Responder.error(ctx, ar.cause());
              }
            });
  }
}
