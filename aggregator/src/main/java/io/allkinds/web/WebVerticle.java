package io.allkinds.web;

import io.allkinds.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the read-only HTTP API and the static UI; store reads run on a named worker pool. */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  private final HttpConfig http;
  private final List<String> clusters;
  private final ApiQueries store;
  private WorkerExecutor queries;
  private HttpServer server;

  public WebVerticle(HttpConfig http, List<String> clusters, ApiQueries store) {
    this.http = http;
    this.clusters = List.copyOf(clusters);
    this.store = store;
  }

  @Override
  public Future<?> start() {
    queries = vertx.createSharedWorkerExecutor("allkinds-queries", 8);
    Responder responder = new Responder(queries);
    Router router = Router.router(vertx);
    new HealthRoutes(store.status(), clusters, responder).mount(router);
    new StatusRoutes(store.status(), responder).mount(router);
    new ObjectRoutes(store.inventory(), responder).mount(router);
    new HistoryRoutes(store.history(), responder).mount(router);
    new ChangeRoutes(store.changes(), responder).mount(router);
    new WatchRoute(vertx, store.changes(), store.tail(), queries).mount(router);
    new CountRoutes(store.counts(), responder).mount(router);
    new OpenApiRoute().mount(router);
    router.route("/api/*").handler(ctx -> Responder.error(ctx,
        new ApiError(404, "not_found", "no such endpoint: " + ctx.request().path())));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(ctx -> Responder.error(ctx,
        ctx.failure() != null ? ctx.failure() : new ApiError(ctx.statusCode(), "http_" + ctx.statusCode(),
            "request failed with status " + ctx.statusCode())));
    return vertx.createHttpServer().requestHandler(router).listen(http.port(), http.host()).map(s -> {
      server = s;
      LOG.info("web: serving the API and UI on http://{}:{}/", http.host(), s.actualPort());
      return s;
    });
  }

  /** The port actually bound (useful when the configuration asked for port 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return (server == null ? Future.succeededFuture() : server.close()).eventually(() -> queries.close());
  }
}
