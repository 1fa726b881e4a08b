package io.allkinds.kubeapi;

import io.allkinds.web.ApiError;
import io.allkinds.web.Responder;
import io.vertx.ext.web.RoutingContext;

/** Answers a failed {@code /k8s} request with a Kubernetes {@code Status}. */
final class KubeErrors {

  private KubeErrors() {}

  /** Writes {@code e} as a Status, unless part of an answer is already out. */
  static void write(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    KubeStatus status;
    if (e instanceof KubeStatus s) {
      status = s;
    } else {
      ApiError api = Responder.describe(ctx, e);
      status =
          new KubeStatus(api.status(), KubeStatus.reasonFor(api.status()), api.getMessage(), null);
    }
    if (status.code() == 503 || status.code() == 429) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response()
        .setStatusCode(status.code())
        .putHeader("content-type", "application/json")
        .end(status.toJson().encode());
  }
}
