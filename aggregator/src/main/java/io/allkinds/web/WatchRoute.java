package io.allkinds.web;

import io.allkinds.model.ChangeQuery;
import io.allkinds.store.JournalTail;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code /api/v1/watch}: the journal as a server-sent event stream. Each event's id is its sequence
 * number, so a client reconnecting with {@code Last-Event-ID} (or {@code after=}) misses nothing.
 * Streams are capped; {@link EventStreams} feeds them all from one reader.
 */
final class WatchRoute {

  private static final Set<String> PARAMS =
      ChangeRoutes.union(ChangeRoutes.FILTERS, Set.of("after"));

  private final EventStreams streams;
  private final JournalTail tail;

  WatchRoute(EventStreams streams, JournalTail tail) {
    this.streams = streams;
    this.tail = tail;
  }

  void mount(Router router) {
    router.get("/api/v1/watch").handler(this::open);
  }

  private void open(RoutingContext ctx) {
    ChangeQuery filters;
    long cursor;
    try {
      Params p = new Params(ctx.queryParams(), PARAMS);
      filters = ChangeRoutes.filters(p);
      String lastEventId = ctx.request().getHeader("Last-Event-ID");
      if (lastEventId != null && !lastEventId.isBlank()) {
        try {
          cursor = Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
          throw new ApiError(
              400,
              "bad_header",
              "Last-Event-ID must be a sequence number, got '"
                  + (lastEventId.length() > 40 ? lastEventId.substring(0, 40) + "..." : lastEventId)
                  + "'");
        }
        if (cursor < 0) {
          throw new ApiError(400, "bad_header", "Last-Event-ID must not be negative");
        }
      } else {
        cursor = p.longValue("after", tail.latest());
      }
    } catch (ApiError e) {
      Responder.error(ctx, e);
      return;
    }
    if (!streams.open(ctx.response(), filters, cursor)) {
      ctx.response().putHeader("Retry-After", "5");
      Responder.error(
          ctx,
          new ApiError(
              503,
              "too_many_streams",
              "the server serves as many event streams as it"
                  + " takes ("
                  + streams.size()
                  + "); retry later"));
    }
  }
}
