package io.allkinds.app;

import io.allkinds.store.StoreSize;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge {@code allkinds.store.bytes}: the store's size as last measured, measured again every
 * {@code period} on its own worker (never on the event loop, never per scrape), one measurement at
 * a time.
 */
final class StoreSizeGauge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreSizeGauge.class);

  private final Vertx vertx;
  private final StoreSize size;
  private final WorkerExecutor worker;
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private long timer = -1;

  StoreSizeGauge(Vertx vertx, StoreSize size, MeterRegistry metrics) {
    this.vertx = vertx;
    this.size = size;
    this.worker = vertx.createSharedWorkerExecutor("allkinds-store-size", 1);
    Gauge.builder("allkinds.store.bytes", size, StoreSize::bytes)
        .baseUnit("bytes")
        .description(
            "The store's size on disk (H2 file, or PostgreSQL tables with indexes); -1 if unknown")
        .register(metrics);
    Gauge.builder("allkinds.store.max.bytes", size, StoreSize::maxBytes)
        .baseUnit("bytes")
        .description("The store's disk budget, retention.maxBytes (0: none)")
        .register(metrics);
  }

  /** Measures now, then every {@code period}. */
  void start(Duration period) {
    measure();
    timer = vertx.setPeriodic(Math.max(1, period.toMillis()), id -> measure());
  }

  private void measure() {
    if (!measuring.compareAndSet(false, true)) {
      return;
    }
    worker
        .executeBlocking(size::refresh, false)
        .onSuccess(
            b -> {
              if (failing.compareAndSet(true, false)) {
                LOG.info("store size: measuring works again ({} bytes)", b);
              }
            })
        .onFailure(
            e -> {
              if (failing.compareAndSet(false, true)) {
                LOG.warn("store size: cannot measure the store; retrying", e);
              }
            })
        .onComplete(ar -> measuring.set(false));
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    worker.close();
  }
}
