package io.allkinds.app;

import io.allkinds.store.Leases;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's lease passes on one named worker thread: a first pass at start (waited for), then one
 * every renewal period, never two at once; a failed pass is logged and the next one tries again.
 */
final class LeasePasses implements AutoCloseable {

  /** One pass; blocking. */
  @FunctionalInterface
  interface Pass {
    void run() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(LeasePasses.class);

  private final Vertx vertx;
  private final Leases leases;
  private final String what;
  private final WorkerExecutor worker;
  private final AtomicBoolean passing = new AtomicBoolean();
  private volatile boolean closed;
  private long timer = -1;

  /** Passes of {@code what} (for the log) on the worker thread {@code workerName}. */
  LeasePasses(Vertx vertx, Leases leases, String workerName, String what) {
    this.vertx = vertx;
    this.leases = leases;
    this.what = what;
    this.worker = vertx.createSharedWorkerExecutor(workerName, 1);
  }

  /** Runs {@code first}, waiting up to a minute, then {@code each} every renewal period. */
  void start(Pass first, Pass each) throws Exception {
    worker
        .executeBlocking(
            () -> {
              first.run();
              return null;
            },
            true)
        .await(60, TimeUnit.SECONDS);
    timer =
        vertx.setPeriodic(
            leases.renewEvery().toMillis(),
            id -> {
              if (!closed && passing.compareAndSet(false, true)) {
                worker
                    .executeBlocking(
                        () -> {
                          each.run();
                          return null;
                        },
                        true)
                    .onFailure(
                        e ->
                            LOG.warn(
                                "replica={} {}: lease pass failed: {}",
                                leases.owner(),
                                what,
                                e.toString()))
                    .onComplete(ar -> passing.set(false));
              }
            });
  }

  /** Stops the passes; the leases are released with the others at shutdown. */
  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }
}
