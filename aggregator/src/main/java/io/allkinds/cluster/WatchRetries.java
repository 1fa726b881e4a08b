package io.allkinds.cluster;

import io.allkinds.model.ResourceType;
import io.allkinds.model.SyncState;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect loop of one {@link ResourceWatch}: runs its steps (list, restart the watch) in the
 * cluster's {@link ListLane} of the shared list threads, after a jittered back-off, and decides
 * after each failure or end of stream whether to list again or to watch again. A Retry-After from
 * the server stretches the delay and pauses the cluster's rate limit; a 403 waits the full cap.
 */
final class WatchRetries {

  private static final Logger LOG = LoggerFactory.getLogger(WatchRetries.class);

  /**
   * A watch that lived this long ended normally (the server's timeout): its back-off starts afresh.
   */
  private static final long HEALTHY_WATCH_NANOS = Duration.ofMinutes(1).toNanos();

  /** The blocking steps the loop runs, and what it reports. */
  interface Steps {
    /** Lists every object, then watches from the list's resourceVersion. */
    void listAndWatch() throws Exception;

    /** Watches again from the last resourceVersion handed to the writer. */
    void restartWatch() throws Exception;

    /** Records the type's state; blocking. */
    void status(SyncState state, String message) throws InterruptedException;

    /** The type is forbidden: nothing more will come until RBAC changes. */
    void forbidden();

    /** Whether the watch was stopped: nothing more is scheduled. */
    boolean stopped();
  }

  private final String cluster;
  private final ResourceType type;
  private final Vertx vertx;
  private final ListLane lane;
  private final Backoff backoff;
  private final Duration backoffCap;
  private final RequestLimiter limiter;
  private final SyncMetrics metrics;
  private final Steps steps;
  private volatile long timer = -1;

  WatchRetries(
      String cluster,
      ResourceType type,
      Vertx vertx,
      ListLane lane,
      Duration backoffCap,
      RequestLimiter limiter,
      SyncMetrics metrics,
      Steps steps) {
    this.cluster = cluster;
    this.type = type;
    this.vertx = vertx;
    this.lane = lane;
    this.backoff = new Backoff(backoffCap);
    this.backoffCap = backoffCap;
    this.limiter = limiter;
    this.metrics = metrics;
    this.steps = steps;
  }

  /** Queues {@code step} on the cluster's lane now; its failure relists after a back-off. */
  void run(String what, Callable<?> step) {
    lane.submit(step).onFailure(e -> failed(what, e, true));
  }

  /** Lists (and then watches) after {@code delayMs}. */
  void list(long delayMs) {
    schedule(delayMs, () -> run("listing", this::listAndWatch));
  }

  private Void listAndWatch() throws Exception {
    steps.listAndWatch();
    return null;
  }

  /** Restarts the watch after {@code delayMs}; a 410 relists instead. */
  void watch(long delayMs) {
    schedule(
        delayMs,
        () ->
            lane.submit(
                    () -> {
                      steps.restartWatch();
                      return null;
                    })
                .onFailure(e -> failed("restarting the watch", e, isGone(e))));
  }

  /** A step succeeded: the next failure backs off from the start. */
  void succeeded() {
    backoff.reset();
  }

  /** Cancels a pending step. */
  void cancel() {
    long t = timer;
    if (t >= 0) {
      vertx.cancelTimer(t);
    }
  }

  private void schedule(long delayMs, Runnable run) {
    if (steps.stopped()) {
      return;
    }
    if (delayMs <= 0) {
      run.run();
    } else {
      timer = vertx.setTimer(delayMs, id -> run.run());
    }
  }

  private static boolean isGone(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 410;
  }

  /**
   * Reports a failure and retries after a back-off: by listing when {@code relist}, else by
   * watching again.
   */
  private void failed(String what, Throwable e, boolean relist) {
    if (steps.stopped() || e instanceof ListLane.Closed) {
      return; // the cluster (or the process) is stopping: nothing will run again
    }
    long delay = delayHonouringRetryAfter(backoff.nextDelayMs(), e);
    SyncState state = SyncState.ERROR;
    String message = Errors.describe(e);
    if (e instanceof KubernetesClientException k && k.getCode() == 403) {
      state = SyncState.FORBIDDEN;
      delay = backoffCap.toMillis();
      steps.forbidden();
    }
    LOG.warn(
        "cluster={} type={} {} failed: {}; retrying in {} ms",
        cluster,
        type.groupResource(),
        what,
        message,
        delay);
    SyncState s = state;
    lane.submit(
            () -> {
              steps.status(s, what + " failed: " + message);
              return null;
            })
        .onFailure(
            f ->
                LOG.warn(
                    "cluster={} type={} cannot record that {} failed",
                    cluster,
                    type.groupResource(),
                    what,
                    f));
    if (relist) {
      list(delay);
    } else {
      watch(delay);
    }
  }

  /**
   * A stream that started at {@code startedAt} (nanos) ended by itself: a 410 relists, anything
   * else restarts the watch from {@code resourceVersion}.
   */
  void streamEnded(WatcherException cause, long startedAt, String resourceVersion) {
    if (cause.isHttpGone()) {
      LOG.info(
          "cluster={} type={} watch expired (410 Gone): relisting", cluster, type.groupResource());
      metrics.gone();
      list(backoff.nextDelayMs());
      return;
    }
    // fabric8's own reconnects are off, so every end of the stream lands here: the server's
    // timeout, a lost connection, a restarted API server. Restart with jitter, from where we are.
    metrics.watchRestarted();
    if (System.nanoTime() - startedAt > HEALTHY_WATCH_NANOS) {
      backoff.reset();
    }
    long delay = delayHonouringRetryAfter(backoff.nextDelayMs(), cause);
    LOG.info(
        "cluster={} type={} watch ended ({}): restarting at resourceVersion {} in {} ms",
        cluster,
        type.groupResource(),
        WatchEvents.endReason(cause),
        resourceVersion,
        delay);
    watch(delay);
  }

  /** The later of {@code delay} and the server's Retry-After, which also pauses the rate limit. */
  private long delayHonouringRetryAfter(long delay, Throwable e) {
    Duration retryAfter = Errors.retryAfter(e);
    if (retryAfter == null) {
      return delay;
    }
    limiter.pause(retryAfter);
    return Math.max(delay, retryAfter.toMillis());
  }
}
