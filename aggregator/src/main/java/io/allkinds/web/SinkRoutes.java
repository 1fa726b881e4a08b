package io.allkinds.web;

import io.allkinds.config.SinkConfig;
import io.allkinds.model.DeadLetter;
import io.allkinds.model.SinkCursor;
import io.allkinds.model.SinkStatus;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.SinkQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code /api/v1/sinks}: each sink's state, cursor and lag; its dead letters; and the two replay
 * requests, which the replica delivering the sink carries out (answered 202).
 */
final class SinkRoutes {

  private final SinkQueries sinks;
  private final ChangeQueries changes;
  private final Responder responder;

  SinkRoutes(SinkQueries sinks, ChangeQueries changes, Responder responder) {
    this.sinks = sinks;
    this.changes = changes;
    this.responder = responder;
  }

  void mount(Router router) {
    router.get("/api/v1/sinks").handler(this::list);
    router.get("/api/v1/sinks/:name/dead-letters").handler(this::deadLetters);
    router.post("/api/v1/sinks/:name/dead-letters/replay").handler(this::replayDeadLetters);
    router.post("/api/v1/sinks/:name/replay").handler(this::replay);
  }

  private void list(RoutingContext ctx) {
    responder.json(
        ctx,
        () -> {
          Params.expectNone(ctx.queryParams());
          JsonArray items = new JsonArray();
          for (SinkStatus s : sinks.status()) {
            items.add(status(sinks.config(s.cursor().name()), s));
          }
          return new JsonObject().put("items", items);
        });
  }

  private static JsonObject status(SinkConfig config, SinkStatus s) {
    SinkCursor c = s.cursor();
    return new JsonObject()
        .put("name", c.name())
        .put("url", config.safeUrl())
        .put("mode", config.mode().name().toLowerCase(Locale.ROOT))
        .put("send", config.payload().name().toLowerCase(Locale.ROOT))
        .put("state", s.state().name().toLowerCase(Locale.ROOT))
        .put("replica", s.replica())
        .put("cursor", c.deliveredSeq())
        .put("head", s.head())
        .put("lagEntries", s.lagEntries())
        .put("lagSeconds", s.lagSeconds())
        .put("maxLagEntries", config.maxLagEntries())
        .put("delivered", c.delivered())
        .put("retries", c.retries())
        .put("deadLettered", c.deadLettered())
        .put("skipped", c.skipped())
        .put("replayFrom", c.replayFrom())
        .put("lastError", c.lastError())
        .put("lastErrorAt", text(c.lastErrorAt()))
        .put("lastDeliveredAt", text(c.lastDeliveredAt()));
  }

  private void deadLetters(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    responder.json(
        ctx,
        () -> {
          Params p = new Params(ctx.queryParams(), Set.of("limit", "after"));
          int limit = p.integer("limit", 100, 1, 1000);
          List<DeadLetter> letters = sinks.deadLetters(name, p.longValue("after", 0), limit);
          if (letters == null) {
            throw unknown(name);
          }
          JsonArray items = new JsonArray();
          letters.forEach(d -> items.add(deadLetter(d)));
          Long next = letters.size() == limit ? letters.get(letters.size() - 1).seq() : null;
          return new JsonObject().put("items", items).put("next", next);
        });
  }

  private static JsonObject deadLetter(DeadLetter d) {
    return new JsonObject()
        .put("seq", d.seq())
        .put("cluster", d.cluster())
        .put("group", d.group())
        .put("kind", d.kind())
        .put("namespace", d.namespace())
        .put("name", d.name())
        .put("eventType", d.eventType().name())
        .put("failedAt", text(d.failedAt()))
        .put("attempts", d.attempts())
        .put("status", d.status())
        .put("error", d.error())
        .put("replayRequested", d.replayRequested());
  }

  private void replayDeadLetters(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    accepted(
        ctx,
        () -> {
          Params p = new Params(ctx.queryParams(), Set.of("seq"));
          Long seq = p.string("seq") == null ? null : p.longValue("seq", 0);
          int n = sinks.replayDeadLetters(name, seq);
          if (n < 0) {
            throw unknown(name);
          }
          return new JsonObject().put("requested", n);
        });
  }

  private void replay(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    accepted(
        ctx,
        () -> {
          Params p = new Params(ctx.queryParams(), Set.of("from"));
          String from = p.required("from");
          long seq =
              from.chars().allMatch(Character::isDigit) ? p.longValue("from", 0) : afterTime(p);
          if (seq < 1) {
            seq = 1;
          }
          var bounds = changes.bounds();
          return switch (sinks.replay(name, seq, bounds)) {
            case REQUESTED -> new JsonObject().put("from", seq);
            case UNKNOWN_SINK -> throw unknown(name);
            case PRUNED ->
                throw new ApiError(
                    409,
                    "pruned",
                    "the journal no longer holds entry "
                        + seq
                        + "; the oldest it holds is "
                        + bounds.first());
          };
        });
  }

  /** The first entry stored at or after the instant in {@code from}. */
  private long afterTime(Params p) {
    Instant t = p.time("from");
    return changes.seqAt(t.minusNanos(1)) + 1;
  }

  /**
   * Runs a request that changes state: refused when a browser sends it from another origin (a page
   * elsewhere cannot make a user's browser replay a sink); answered 202 Accepted.
   */
  private void accepted(RoutingContext ctx, Callable<JsonObject> work) {
    String origin = ctx.request().getHeader("origin");
    String host = ctx.request().getHeader("host");
    if (origin != null && (host == null || !origin.replaceFirst("^https?://", "").equals(host))) {
      Responder.error(
          ctx, new ApiError(403, "cross_origin", "requests from another origin are refused"));
      return;
    }
    responder
        .submit(work)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("content-type", "application/json")
                    .end(ar.result().encode());
              } else {
                Responder.error(ctx, ar.cause());
              }
            });
  }

  private static ApiError unknown(String name) {
    return new ApiError(404, "not_found", "no sink named '" + name + "' is configured");
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
