package io.allkinds.web;

import io.allkinds.config.HttpConfig;
import io.allkinds.kubeapi.KubeWatches;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the read-only HTTP API and the static UI; store reads run on a named worker pool. */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  private final HttpConfig http;
  private final List<String> clusters;
  private final ApiQueries store;
  private final Supplier<String> metrics;
  private final ApiLimits limits;
  private final OpenApiRoute openApi = new OpenApiRoute();
  private WorkerExecutor queries;
  private WorkerExecutor feed;
  private WorkerExecutor kubeWatchReads;
  private EventStreams streams;
  private KubeWatches kubeWatches;
  private HttpServer server;

  /** A web verticle with the default {@link ApiLimits}. */
  public WebVerticle(
      HttpConfig http, List<String> clusters, ApiQueries store, Supplier<String> metrics) {
    this(http, clusters, store, metrics, ApiLimits.DEFAULTS);
  }

  public WebVerticle(
      HttpConfig http,
      List<String> clusters,
      ApiQueries store,
      Supplier<String> metrics,
      ApiLimits limits) {
    this.limits = limits;
    this.http = http;
    this.clusters = List.copyOf(clusters);
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    if (http.refusal() != null) {
      return Future.failedFuture(new IllegalStateException(http.refusal()));
    }
    // Bounded lanes: API queries on their own few threads behind a bounded admission count
    // (Responder), the shared journal tail reader of every event stream on one thread of its own.
    queries = vertx.createSharedWorkerExecutor("allkinds-queries", limits.queryThreads());
    feed = vertx.createSharedWorkerExecutor("allkinds-journal-feed", 1);
    // The kube API's watches read their events on two threads of their own, not the API's.
    kubeWatchReads = vertx.createSharedWorkerExecutor("allkinds-kube-watches", 2);
    Responder responder = new Responder(queries, limits);
    streams =
        new EventStreams(
            vertx,
            vertx.getOrCreateContext(),
            store.changes(),
            store.tail(),
            feed,
            responder,
            limits.maxEventStreams());
    streams.start();
    kubeWatches =
        new KubeWatches(
            vertx,
            vertx.getOrCreateContext(),
            store.changes(),
            store.tail(),
            feed,
            kubeWatchReads,
            limits.maxEventStreams());
    kubeWatches.start();
    Router router =
        new ApiRouter(http, clusters, store, metrics, responder, streams, kubeWatches, openApi)
            .create(vertx);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(http.port(), http.host())
        .map(
            s -> {
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
    if (streams != null) {
      streams.stop();
    }
    if (kubeWatches != null) {
      kubeWatches.stop();
    }
    return (server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> feed.close())
        .eventually(() -> kubeWatchReads.close())
        .eventually(() -> queries.close());
  }
}
