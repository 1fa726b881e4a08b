package io.allkinds.web;

import io.allkinds.model.ChangeQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.JournalTail;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/watch}: the journal as a server-sent event stream. Each event's id is its
 * sequence number, so a client reconnecting with {@code Last-Event-ID} (or {@code after=})
 * misses nothing. The stream reads journal rows when the writer signals new ones.
 */
final class WatchRoute {

  private static final Logger LOG = LoggerFactory.getLogger(WatchRoute.class);
  private static final Set<String> PARAMS = ChangeRoutes.union(ChangeRoutes.FILTERS, Set.of("after"));
  private static final int PAGE = 500;
  private static final long HEARTBEAT_MS = 15_000;

  private final Vertx vertx;
  private final ChangeQueries changes;
  private final JournalTail tail;
  private final WorkerExecutor queries;

  WatchRoute(Vertx vertx, ChangeQueries changes, JournalTail tail, WorkerExecutor queries) {
    this.vertx = vertx;
    this.changes = changes;
    this.tail = tail;
    this.queries = queries;
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
          throw new ApiError(400, "bad_header", "Last-Event-ID must be a sequence number, got '" + lastEventId + "'");
        }
      } else {
        cursor = p.longValue("after", tail.latest());
      }
    } catch (ApiError e) {
      Responder.error(ctx, e);
      return;
    }
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    res.write(": watching after " + cursor + "\n\n");
    new Stream(vertx.getOrCreateContext(), res, filters, cursor).start();
  }

  /** One client's stream: reads slices of the journal after its cursor, one query at a time. */
  private final class Stream {
    private final Context context;
    private final HttpServerResponse res;
    private final ChangeQuery filters;
    private long cursor;
    private boolean reading;
    private boolean more;
    private boolean closed;
    private AutoCloseable subscription;
    private long heartbeat;

    Stream(Context context, HttpServerResponse res, ChangeQuery filters, long cursor) {
      this.context = context;
      this.res = res;
      this.filters = filters;
      this.cursor = cursor;
    }

    void start() {
      subscription = tail.subscribe(seq -> context.runOnContext(v -> {
        if (seq > cursor) {
          read();
        }
      }));
      heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> res.write(": keepalive\n\n"));
      res.closeHandler(v -> close());
      res.exceptionHandler(e -> close());
      read();
    }

    private void read() {
      if (closed) {
        return;
      }
      if (reading || res.writeQueueFull()) {
        more = true;
        return;
      }
      reading = true;
      long upTo = tail.latest();
      queries.executeBlocking(() -> changes.list(filters.slice(cursor, upTo, PAGE)), false).onComplete(ar -> {
        reading = false;
        if (closed) {
          return;
        }
        if (ar.failed()) {
          LOG.warn("watch stream: cannot read the journal: {}", ar.cause().getMessage());
          res.end();
          return;
        }
        List<JournalEntry> page = ar.result();
        for (JournalEntry e : page) {
          res.write("id: " + e.seq() + "\nevent: change\ndata: " + Json.change(e).encode() + "\n\n");
        }
        // With filters, rows up to upTo that did not match are skipped for good.
        cursor = page.size() == PAGE ? page.get(page.size() - 1).seq() : Math.max(cursor, upTo);
        boolean again = page.size() == PAGE || more || tail.latest() > cursor;
        more = false;
        if (res.writeQueueFull()) {
          res.drainHandler(v -> read());
        } else if (again) {
          read();
        }
      });
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      vertx.cancelTimer(heartbeat);
      try {
        subscription.close();
      } catch (Exception ignored) {
        // removing a subscriber cannot fail
      }
    }
  }
}
