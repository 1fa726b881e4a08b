package io.allkinds.app;

import io.allkinds.store.CompactionTrigger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the embedded H2 file is checked for compaction: every {@code period}, beside ingestion and
 * whatever retention does, on its own worker (a compaction takes up to 10 s), one check at a time.
 * Counts compactions in {@code allkinds.store.compactions}.
 */
final class CompactionSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactionSchedule.class);

  private final Vertx vertx;
  private final CompactionTrigger trigger;
  private final WorkerExecutor worker;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private long timer = -1;

  CompactionSchedule(Vertx vertx, CompactionTrigger trigger, MeterRegistry metrics) {
    this.vertx = vertx;
    this.trigger = trigger;
    this.worker = vertx.createSharedWorkerExecutor("allkinds-compaction", 1);
    FunctionCounter.builder("allkinds.store.compactions", trigger, CompactionTrigger::compactions)
        .description("Compactions of the embedded H2 file, periodic and after retention")
        .register(metrics);
  }

  /** Checks every {@code period}, the first time one period after start. */
  void start(Duration period) {
    timer = vertx.setPeriodic(Math.max(1, period.toMillis()), id -> check());
  }

  /** Runs one check now unless one is running; answers its outcome, or null when skipped. */
  Future<CompactionTrigger.Check> check() {
    if (!running.compareAndSet(false, true)) {
      return null;
    }
    return worker
        .executeBlocking(trigger::check, false)
        .onSuccess(
            c -> {
              if (failing.compareAndSet(true, false)) {
                LOG.info("store: compaction checks work again");
              }
            })
        .onFailure(
            e -> {
              if (failing.compareAndSet(false, true)) {
                LOG.warn("store: the compaction check failed; the next one retries", e);
              }
            })
        .onComplete(ar -> running.set(false));
  }

  @Override
  public void close() throws InterruptedException {
    vertx.cancelTimer(timer);
    // A compaction under way stops after its step, before the store closes under it.
    trigger.close(Duration.ofSeconds(15));
    worker.close();
  }
}
