package io.allkinds.web;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route's store work on the query worker pool and writes its JSON answer or error. The
 * pool's threads and the requests waiting for them are bounded together: past that, a request is
 * answered 503 with {@code Retry-After} at once rather than queued without end.
 */
final class Responder {

  private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

  /** Work that writes its answer through a {@link JsonStream}, on a query thread. */
  @FunctionalInterface
  interface StreamWork {
    void write(JsonStream out) throws Exception;
  }

  private final WorkerExecutor queries;
  private final int capacity;
  private final long pageBytes;
  private final AtomicInteger inFlight = new AtomicInteger();

  Responder(WorkerExecutor queries, ApiLimits limits) {
    this.queries = queries;
    this.capacity = limits.queryThreads() + limits.queryQueue();
    this.pageBytes = limits.pageBytes();
  }

  void json(RoutingContext ctx, Callable<JsonObject> work) {
    submit(work)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(ar.result().encode());
              } else {
                error(ctx, ar.cause());
              }
            });
  }

  /** Runs {@code work}, which streams its answer item by item within the page byte budget. */
  void stream(RoutingContext ctx, StreamWork work) {
    JsonStream out = new JsonStream(ctx.response(), pageBytes);
    submit(
            () -> {
              work.write(out);
              return null;
            })
        .onComplete(
            ar -> {
              if (ar.failed() && !out.started()) {
                error(ctx, ar.cause());
              } else if (ar.failed()) {
                // Part of the answer is out: cut the connection so that the client sees it
                // incomplete.
                if (!(ar.cause() instanceof JsonStream.ClientGone)) {
                  LOG.warn(
                      "request {} {} failed after its answer began: {}",
                      ctx.request().method(),
                      ctx.request().path(),
                      ar.cause().toString());
                }
                ctx.response().reset();
              }
            });
  }

  /** Runs {@code work} on the query pool if it has room; otherwise a future failed with a 503. */
  <T> Future<T> submit(Callable<T> work) {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      return Future.failedFuture(
          new ApiError(
              503,
              "busy",
              "the server is answering as many queries as it takes ("
                  + capacity
                  + "); retry shortly"));
    }
    return queries.executeBlocking(work, false).andThen(ar -> inFlight.decrementAndGet());
  }

  static void error(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    int status = 500;
    String code = "internal";
    String message = "internal error; see the aggregator's log";
    if (e instanceof ApiError api) {
      status = api.status();
      code = api.code();
      message = api.getMessage();
    } else if (e instanceof io.allkinds.store.QueryTooSlowException slow) {
      status = 503;
      code = "query_too_slow";
      message = slow.getMessage();
    } else if (e instanceof io.allkinds.store.StoreException store && store.unavailable()) {
      status = 503;
      code = "store_unavailable";
      message = "the store cannot be reached right now; retry shortly";
      LOG.warn(
          "request {} {}: {}", ctx.request().method(), ctx.request().path(), store.getMessage());
    } else if (e instanceof HttpException http && http.getStatusCode() < 500) {
      status = http.getStatusCode();
      code = "bad_request";
      message = http.getCause() != null ? http.getCause().getMessage() : http.getMessage();
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), e);
    }
    if (status == 503) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
