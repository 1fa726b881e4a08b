package io.allkinds.web;

import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.JournalTail;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@code /api/v1/watch} streams and the one reader of the journal's tail they share: after
 * each commit signal the reader fetches the new rows once and hands them to every stream, which
 * filters them in memory. A stream that starts behind (an old {@code Last-Event-ID}), or whose
 * client fell behind, reads its own bounded pages until it reaches the shared tail. All state lives
 * on the web verticle's event loop; queries run on worker threads.
 */
final class EventStreams {

  private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
  private static final int FEED_PAGE = 1000;
  private static final int CATCH_UP_PAGE = 500;
  private static final long HEARTBEAT_MS = 15_000;

  /**
   * A client whose write queue stays full this long is disconnected; it resumes by Last-Event-ID.
   */
  private static final long STUCK_MS = 120_000;

  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final ChangeQueries changes;
  private final Responder responder;
  private final int max;
  private final Set<Stream> streams = new LinkedHashSet<>();

  private final TailReader reader;
  private long heartbeat = -1;

  EventStreams(
      Vertx vertx,
      Context context,
      ChangeQueries changes,
      JournalTail tail,
      WorkerExecutor feedWorker,
      Responder responder,
      int max) {
    this.vertx = vertx;
    this.changes = changes;
    this.responder = responder;
    this.max = max;
    this.reader =
        new TailReader(
            vertx,
            context,
            changes,
            tail,
            feedWorker,
            FEED_PAGE,
            "watch streams",
            () -> streams.stream().anyMatch(s -> s.live),
            (page, from, to) -> new ArrayList<>(streams).forEach(s -> s.deliver(page, to)));
  }

  void start() {
    reader.start();
    heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
  }

  void stop() {
    vertx.cancelTimer(heartbeat);
    reader.stop();
    new ArrayList<>(streams).forEach(Stream::close);
  }

  /** Opens a stream after {@code cursor}; false (and nothing written) when the cap is reached. */
  boolean open(HttpServerResponse res, ChangeQuery filters, long cursor) {
    if (streams.size() >= max) {
      return false;
    }
    Stream s = new Stream(res, filters, cursor);
    streams.add(s);
    res.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    res.write(": watching after " + cursor + "\n\n");
    res.closeHandler(v -> s.close());
    res.exceptionHandler(e -> s.close());
    s.catchUp();
    return true;
  }

  int size() {
    return streams.size();
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    for (Stream s : new ArrayList<>(streams)) {
      if (!s.res.writeQueueFull()) {
        s.res.write(": keepalive\n\n");
      } else if (s.fullSince > 0 && now - s.fullSince > STUCK_MS) {
        LOG.info(
            "watch streams: a client read nothing for {} s; disconnected (it resumes by Last-Event-ID)",
            STUCK_MS / 1000);
        s.close();
      }
    }
  }

  /**
   * One client's stream: live (fed by the shared reader) or catching up (reading its own pages).
   */
  private final class Stream {
    private final HttpServerResponse res;
    private final ChangeQuery filters;
    private long cursor;
    private boolean live;
    private boolean querying;
    private boolean closed;
    private long fullSince;

    Stream(HttpServerResponse res, ChangeQuery filters, long cursor) {
      this.res = res;
      this.filters = filters;
      this.cursor = cursor;
    }

    /** Entries from the shared reader, up to {@code to}; ignored unless live. */
    void deliver(ChangePage page, long to) {
      if (!live || closed) {
        return;
      }
      for (JournalEntry e : page.items()) {
        if (e.seq() > cursor && filters.matches(e)) {
          send(e);
        }
      }
      cursor = Math.max(cursor, to);
      if (res.writeQueueFull()) {
        // The client fell behind: stop buffering for it; it reads its own pages when it drains.
        live = false;
        fullSince = System.currentTimeMillis();
        res.drainHandler(v -> catchUp());
      }
    }

    void catchUp() {
      if (closed || querying || live) {
        return;
      }
      if (cursor >= reader.position()) {
        live = true;
        fullSince = 0;
        return;
      }
      if (res.writeQueueFull()) {
        if (fullSince == 0) {
          fullSince = System.currentTimeMillis();
        }
        res.drainHandler(v -> catchUp());
        return;
      }
      fullSince = 0;
      querying = true;
      long from = cursor;
      responder
          .submit(() -> changes.page(filters.slice(from, 0, CATCH_UP_PAGE)))
          .onComplete(
              ar -> {
                querying = false;
                if (closed) {
                  return;
                }
                if (ar.failed()) {
                  if (ar.cause() instanceof ApiError busy && busy.status() == 503) {
                    vertx.setTimer(RETRY_MS, id -> catchUp());
                    return;
                  }
                  LOG.warn("watch streams: cannot read the journal: {}", ar.cause().getMessage());
                  close();
                  return;
                }
                ChangePage page = ar.result();
                page.items().forEach(this::send);
                cursor = Math.max(cursor, page.through());
                catchUp();
              });
    }

    private void send(JournalEntry e) {
      res.write("id: " + e.seq() + "\nevent: change\ndata: " + Json.change(e).encode() + "\n\n");
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      streams.remove(this);
      if (!res.closed()) {
        res.reset();
      }
    }
  }
}
