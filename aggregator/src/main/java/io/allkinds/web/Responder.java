package io.allkinds.web;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route's store work on the query worker pool and writes its JSON answer or error. The
 * pool's threads and the requests waiting for them are bounded together: past that, a request is
 * answered 503 with {@code Retry-After} at once rather than queued without end.
 */
public final class Responder {

  private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

  /** Work that writes its answer through a {@link JsonStream}, on a query thread. */
  @FunctionalInterface
  public interface StreamWork {
    /** Writes the answer to {@code out}. */
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
    stream(ctx, new JsonStream(ctx.response(), pageBytes), work, Responder::error);
  }

  /**
   * Runs {@code work}, which streams its answer into {@code out}; a failure before anything was
   * sent is answered by {@code errors}, one after it cuts the connection.
   */
  public void stream(
      RoutingContext ctx,
      JsonStream out,
      StreamWork work,
      BiConsumer<RoutingContext, Throwable> errors) {
    submit(
            () -> {
              work.write(out);
              return null;
            })
        .onComplete(
            ar -> {
              if (ar.failed() && !out.started()) {
                errors.accept(ctx, ar.cause());
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

  /** The bytes of items after which a streamed page ends. */
  public long pageBytes() {
    return pageBytes;
  }

  /** Runs {@code work} on the query pool if it has room; otherwise a future failed with a 503. */
  public <T> Future<T> submit(Callable<T> work) {
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
    ApiError api = describe(ctx, e);
    if (api.status() == 503) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response()
        .setStatusCode(api.status())
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", api.code()).put("message", api.getMessage()).encode());
  }

  /**
   * What a request's failure tells the client: its status, code and message; an unexpected failure
   * is logged here and told as an internal error.
   */
  public static ApiError describe(RoutingContext ctx, Throwable e) {
    if (e instanceof ApiError api) {
      return api;
    } else if (e instanceof io.allkinds.store.QueryTooSlowException slow) {
      return new ApiError(503, "query_too_slow", slow.getMessage());
    } else if (e instanceof io.allkinds.store.StoreException store && store.unavailable()) {
      LOG.warn(
          "request {} {}: {}", ctx.request().method(), ctx.request().path(), store.getMessage());
      return new ApiError(
          503, "store_unavailable", "the store cannot be reached right now; retry shortly");
    } else if (e instanceof HttpException http && http.getStatusCode() < 500) {
      return new ApiError(
          http.getStatusCode(),
          "bad_request",
          http.getCause() != null ? http.getCause().getMessage() : http.getMessage());
    }
    LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), e);
    return new ApiError(500, "internal", "internal error; see the aggregator's log");
  }
}
