package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends one request's events until the receiver accepts them or refuses them for good: a 4xx other
 * than 408 and 429 is tried {@code maxAttempts} times in all; anything else (5xx, 408, 429, no
 * answer) is tried again without end, after an exponential back-off with jitter or the wait the
 * receiver asked for, whichever is longer. Each failed try is reported to {@code onRetry}.
 */
final class EventSender {

  private final Vertx vertx;
  private final SinkConfig config;
  private final SinkHttp http;
  private final RetryDelay delay;
  private final Consumer<Outcome> onRetry;
  private final BooleanSupplier running;

  EventSender(
      Vertx vertx,
      SinkConfig config,
      SinkHttp http,
      RetryDelay delay,
      Consumer<Outcome> onRetry,
      BooleanSupplier running) {
    this.vertx = vertx;
    this.config = config;
    this.http = http;
    this.delay = delay;
    this.onRetry = onRetry;
    this.running = running;
  }

  /** ACCEPTED, or REFUSED once the sink's tries are used up; fails only when the sink stops. */
  Future<Outcome> sendUntilDone(List<CloudEvent> events) {
    return attempt(events, 1);
  }

  private Future<Outcome> attempt(List<CloudEvent> events, int refusals) {
    if (!running.getAsBoolean()) {
      return Future.failedFuture("the sink " + config.name() + " stopped");
    }
    return http.send(events)
        .compose(
            out -> {
              if (out.kind() == Outcome.Kind.ACCEPTED) {
                delay.reset();
                return Future.succeededFuture(out);
              }
              if (!running.getAsBoolean()) {
                // Cut short by the sink's stop: no retry to count, the next holder sends it again.
                return Future.failedFuture("the sink " + config.name() + " stopped");
              }
              boolean refused = out.kind() == Outcome.Kind.REFUSED;
              if (refused && refusals >= config.maxAttempts()) {
                delay.reset();
                return Future.succeededFuture(out);
              }
              onRetry.accept(out);
              long wait = Math.max(delay.nextMs(), out.retryAfter().toMillis());
              Promise<Outcome> next = Promise.promise();
              vertx.setTimer(
                  wait, id -> attempt(events, refused ? refusals + 1 : refusals).onComplete(next));
              return next.future();
            });
  }
}
