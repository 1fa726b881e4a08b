package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.allkinds.model.DeadLetter;
import io.allkinds.model.EventType;
import io.allkinds.store.JournalTail;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sink, one {@link Round} at a time, on its own event-loop context: reads the round on
 * the sinks' worker, resends the dead letters asked for, sends the events in order (the next only
 * once the one before was accepted, retrying with back-off), dead-letters what the receiver refuses
 * for good, and moves the stored cursor past the round. Waits for the journal's commit signal when
 * caught up. Nothing here blocks: store work runs on the worker, HTTP is asynchronous.
 */
final class SinkDeliverer {

  private static final Logger LOG = LoggerFactory.getLogger(SinkDeliverer.class);
  private static final long POLL_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor worker;
  private final SinkConfig config;
  private final RoundReader reader;
  private final SinkCursors cursors;
  private final SinkDeadLetters deadLetters;
  private final JournalTail tail;
  private final SinkMetrics metrics;
  private final SinkHttp http;
  private final RetryDelay delay = new RetryDelay();
  private final EventSender sender;

  private boolean running;
  private boolean stepping;
  private boolean woken;
  private boolean storeFailing;
  private long timer = -1;
  private AutoCloseable subscription;

  SinkDeliverer(
      Vertx vertx,
      WorkerExecutor worker,
      SinkConfig config,
      RoundReader reader,
      SinkCursors cursors,
      SinkDeadLetters deadLetters,
      JournalTail tail,
      SinkMetrics metrics) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.worker = worker;
    this.config = config;
    this.reader = reader;
    this.cursors = cursors;
    this.deadLetters = deadLetters;
    this.tail = tail;
    this.metrics = metrics;
    this.http = new SinkHttp(vertx, config);
    this.sender = new EventSender(vertx, config, http, delay, this::retried, () -> running);
  }

  void start() {
    context.runOnContext(
        v -> {
          running = true;
          subscription = tail.subscribe(seq -> context.runOnContext(x -> wake()));
          timer = vertx.setPeriodic(POLL_MS, id -> wake());
          LOG.info("sink={} delivering to {}", config.name(), config);
          wake();
        });
  }

  /**
   * Stops after the request in flight; what it has not stored is delivered again later. Completes
   * once the deliverer stopped starting work.
   */
  Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(
        v -> {
          running = false;
          vertx.cancelTimer(timer);
          try {
            if (subscription != null) {
              subscription.close();
            }
          } catch (Exception ignored) {
            // removing a subscriber cannot fail
          }
          http.close();
          LOG.info("sink={} stopped delivering", config.name());
          stopped.complete();
        });
    return stopped.future();
  }

  private void wake() {
    if (!running) {
      return;
    }
    if (stepping) {
      woken = true;
      return;
    }
    stepping = true;
    woken = false;
    worker
        .executeBlocking(reader::read, false)
        .compose(this::deliver)
        .onComplete(
            ar -> {
              stepping = false;
              if (!running) {
                return; // stopped: what was not stored is delivered again by the next holder
              }
              if (ar.failed()) {
                storeFailed(ar.cause());
                vertx.setTimer(delay.nextMs(), id -> wake());
              } else if (ar.result() || woken) {
                wake(); // more to do now
              }
            });
  }

  /** Delivers a round; true when there may be more to deliver at once. */
  private Future<Boolean> deliver(Round round) {
    if (storeFailing) {
      storeFailing = false;
      LOG.info("sink={} reads the store again", config.name());
    }
    metrics.position(round.from(), tail.latest(), round.oldestPending());
    if (round.idle() || !running) {
      return Future.succeededFuture(false);
    }
    return resend(round.resends(), 0).compose(v -> sendEvents(round, 0, round.from(), 0));
  }

  private Future<Void> resend(List<SinkDeadLetters.Resend> resends, int i) {
    if (i >= resends.size() || !running) {
      return Future.succeededFuture();
    }
    SinkDeadLetters.Resend r = resends.get(i);
    return http.resend(r.event())
        .compose(
            out ->
                worker.executeBlocking(
                    () -> {
                      if (out.kind() == Outcome.Kind.ACCEPTED) {
                        deadLetters.resent(config.name(), r.seq());
                      } else {
                        deadLetters.refusedAgain(
                            config.name(), r.seq(), r.attempts() + 1, out.status(), out.error());
                      }
                      return null;
                    },
                    false))
        .compose(v -> resend(resends, i + 1));
  }

  /**
   * Sends the round's events from index {@code i}, the cursor at {@code at} with {@code accepted}
   * events accepted since it was stored; then stores the cursor at the round's end.
   */
  private Future<Boolean> sendEvents(Round round, int i, long at, long accepted) {
    List<CloudEvent> events = round.events();
    if (!running) {
      return Future.succeededFuture(false);
    }
    if (i >= events.size()) {
      boolean caughtUp = round.to() >= tail.latest();
      return worker.executeBlocking(
          () -> cursors.advance(config.name(), at, round.to(), accepted, caughtUp), false);
    }
    List<CloudEvent> chunk =
        events.subList(i, Math.min(events.size(), i + config.eventsPerRequest()));
    return sender
        .sendUntilDone(chunk)
        .compose(
            out -> {
              if (out.kind() == Outcome.Kind.ACCEPTED) {
                Instant now = Instant.now();
                chunk.forEach(e -> metrics.accepted(e, now));
                return sendEvents(round, i + chunk.size(), at, accepted + chunk.size());
              }
              long past = chunk.get(chunk.size() - 1).seq();
              return worker
                  .executeBlocking(
                      () ->
                          deadLetters.store(config.name(), refused(chunk, out), at, past, accepted),
                      false)
                  .compose(
                      stored -> {
                        if (!stored) {
                          return Future.succeededFuture(true); // the cursor moved: read it again
                        }
                        metrics.deadLettered(chunk.size());
                        LOG.warn(
                            "sink={} receiver refused {} event(s) up to seq {} for good ({});"
                                + " dead-lettered",
                            config.name(),
                            chunk.size(),
                            past,
                            out.error());
                        return sendEvents(round, i + chunk.size(), past, 0);
                      });
            });
  }

  private List<SinkDeadLetters.Refused> refused(List<CloudEvent> chunk, Outcome out) {
    List<SinkDeadLetters.Refused> rows = new ArrayList<>();
    for (CloudEvent e : chunk) {
      String type = e.type().substring(EventEncoder.TYPE_PREFIX.length());
      DeadLetter d =
          new DeadLetter(
              e.seq(),
              e.extensions().get("cluster"),
              Subjects.group(e.subject()),
              e.extensions().get("kind"),
              e.extensions().getOrDefault("namespace", ""),
              Subjects.name(e.subject()),
              EventType.valueOf(type.toUpperCase(Locale.ROOT)),
              Instant.now(),
              config.maxAttempts(),
              out.status(),
              out.error(),
              false);
      rows.add(new SinkDeadLetters.Refused(d, e.structured().getBytes()));
    }
    return rows;
  }

  private void retried(Outcome out) {
    metrics.retried();
    worker
        .executeBlocking(
            () -> {
              cursors.failed(config.name(), 1, out.error());
              return null;
            },
            false)
        .onFailure(e -> storeFailed(e));
  }

  private void storeFailed(Throwable e) {
    if (!storeFailing) {
      storeFailing = true;
      LOG.warn(
          "sink={} cannot read or move its cursor in the store ({}); delivery waits and retries",
          config.name(),
          e.getMessage());
    }
  }
}
