package io.allkinds.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When retention runs: a first pass {@code firstDelay} after start, then one every {@code
 * interval}, only on the replica that leads the retention task, never two passes at once, each on
 * its own worker so that a long prune never holds an event loop or an API thread.
 */
final class RetentionSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  private final Vertx vertx;
  private final Callable<?> prune;
  private final BooleanSupplier leader;
  private final WorkerExecutor worker;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong passes = new AtomicLong();
  private long firstTimer = -1;
  private long periodicTimer = -1;

  RetentionSchedule(Vertx vertx, Callable<?> prune, BooleanSupplier leader) {
    this.vertx = vertx;
    this.prune = prune;
    this.leader = leader;
    this.worker = vertx.createSharedWorkerExecutor("allkinds-retention", 1);
  }

  /** Schedules the passes. */
  void start(Duration firstDelay, Duration interval) {
    firstTimer = vertx.setTimer(Math.max(1, firstDelay.toMillis()), id -> pass());
    periodicTimer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> pass());
  }

  /**
   * Runs one pass now if this replica leads and none is running; answers the pass's outcome, or
   * null when it was skipped.
   */
  Future<Object> pass() {
    if (!leader.getAsBoolean() || !running.compareAndSet(false, true)) {
      return null;
    }
    return worker
        .<Object>executeBlocking(prune::call, false)
        .onSuccess(r -> passes.incrementAndGet())
        .onFailure(e -> LOG.warn("retention: the pass failed; the next one retries", e))
        .onComplete(ar -> running.set(false));
  }

  /** How many passes completed. */
  long passes() {
    return passes.get();
  }

  @Override
  public void close() {
    vertx.cancelTimer(firstTimer);
    vertx.cancelTimer(periodicTimer);
    worker.close();
  }
}
