package io.allkinds.web;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a route's store work on the query worker pool and writes its JSON answer or error. */
final class Responder {

  private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

  private final WorkerExecutor queries;

  Responder(WorkerExecutor queries) {
    this.queries = queries;
  }

  void json(RoutingContext ctx, Callable<JsonObject> work) {
    queries.executeBlocking(work, false).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("content-type", "application/json").end(ar.result().encode());
      } else {
        error(ctx, ar.cause());
      }
    });
  }

  static void error(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended()) {
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
      LOG.warn("request {} {}: {}", ctx.request().method(), ctx.request().path(), store.getMessage());
    } else if (e instanceof HttpException http && http.getStatusCode() < 500) {
      status = http.getStatusCode();
      code = "bad_request";
      message = http.getCause() != null ? http.getCause().getMessage() : http.getMessage();
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), e);
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
