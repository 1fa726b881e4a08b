package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's policy when the store fails a batch, never dropping a change: store-wide faults are
 * waited out (ingestion pauses, the queue fills and slows the watches down); a batch the store
 * refuses is split in halves, in order, until the one change it cannot take is alone, and that
 * change is stored in its degraded form.
 */
final class BatchRetries {

  /** Commits one batch. */
  interface Commit {
    void commit(List<StoreOp> ops) throws SQLException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(BatchRetries.class);

  private final Commit commit;
  private final StoreHealth health;
  private final WriterMetrics metrics;
  private final Runnable onStoreFault;
  private final BooleanSupplier running;
  private final OpQueue queue;
  private final DegradedOps degradedOps = new DegradedOps(new BodyCodec());

  /**
   * Set when stopping left changes unwritten: nothing after them may be written (or resumed past).
   */
  private boolean gaveUp;

  /**
   * {@code onStoreFault} runs before each retry after a store-wide fault; {@code running} turns
   * false when the writer stops, and then a fault is no longer waited out.
   */
  BatchRetries(
      Commit commit,
      StoreHealth health,
      WriterMetrics metrics,
      Runnable onStoreFault,
      BooleanSupplier running,
      OpQueue queue) {
    this.commit = commit;
    this.health = health;
    this.metrics = metrics;
    this.onStoreFault = onStoreFault;
    this.running = running;
    this.queue = queue;
  }

  /** Whether stopping left changes unwritten, so that nothing more may be written. */
  boolean gaveUp() {
    return gaveUp;
  }

  /** Writes {@code batch} as the policy says. */
  void write(List<StoreOp> batch) throws InterruptedException {
    if (gaveUp) {
      return; // never write past changes left unwritten: the watches resume before them on the
      // next start
    }
    Exception refused = commitPausingOnStoreFaults(batch);
    if (refused == null) {
      return;
    }
    if (batch.size() == 1) {
      storeDegraded(batch.get(0), refused);
      return;
    }
    LOG.warn(
        "store writer: the store refused a batch of {} changes ({}); splitting it to find the change at fault",
        batch.size(),
        refused.getMessage());
    int half = batch.size() / 2;
    write(List.copyOf(batch.subList(0, half)));
    write(List.copyOf(batch.subList(half, batch.size())));
  }

  /**
   * Stores the degraded form of a change the store refused on its own. Should the store refuse that
   * too (or the change have none), it is handled as a store-wide fault: the writer pauses and keeps
   * trying the change as it is, then its degraded form, for as long as it takes.
   */
  private void storeDegraded(StoreOp op, Exception refused) throws InterruptedException {
    String reason =
        refused.getMessage() == null ? refused.getClass().getSimpleName() : refused.getMessage();
    LOG.error(
        "cluster={} store writer: the store refuses {} ({}); storing it degraded, marked {}",
        op.cluster(),
        DegradedOps.describe(op),
        reason,
        DegradedOps.ANNOTATION,
        refused);
    StoreOp degraded = degradedOps.of(op, reason);
    Exception last = degraded == null ? refused : commitPausingOnStoreFaults(List.of(degraded));
    for (int attempt = 1; last != null; attempt++) {
      if (!running.getAsBoolean()) {
        // not stored and not acknowledged: the watch resumes before it on the next start
        gaveUp = true;
        return;
      }
      health.degraded(
          "the store refuses a change even in degraded form (cluster "
              + op.cluster()
              + ", "
              + DegradedOps.describe(op)
              + "): "
              + last.getMessage());
      long wait = backoff(attempt);
      LOG.error(
          "cluster={} store writer: cannot store {} even degraded ({}); ingestion paused, retry {} in {} ms",
          op.cluster(),
          DegradedOps.describe(op),
          last.getMessage(),
          attempt,
          wait);
      Thread.sleep(wait); // back-off while ingestion is paused
      // The change as it is first: the refusal may have been a store-wide fault not known as one.
      if (commitPausingOnStoreFaults(List.of(op)) == null) {
        health.ok();
        return;
      }
      last = degraded == null ? refused : commitPausingOnStoreFaults(List.of(degraded));
    }
    metrics.degraded();
    health.ok();
  }

  /**
   * Commits {@code ops}, waiting out a store-wide fault for as long as it takes. Returns null once
   * committed (or given up at shutdown, when the watches will resume from the stored
   * resourceVersions), or the store's refusal of these changes.
   */
  private Exception commitPausingOnStoreFaults(List<StoreOp> ops) throws InterruptedException {
    long pausedAt = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        commit.commit(ops);
        if (pausedAt != 0) {
          health.ok();
          LOG.info(
              "store writer: the store takes writes again after {} ms; {} queued changes follow",
              (System.nanoTime() - pausedAt) / 1_000_000,
              queue.size());
        }
        return null;
      } catch (SQLException | RuntimeException e) {
        if (StoreErrors.scope(e) != StoreErrors.Scope.STORE_WIDE) {
          return e;
        }
        if (!running.getAsBoolean()) {
          LOG.error(
              "store writer: stopping while the store takes no writes ({}); {} changes were not written,"
                  + " the watches resume from the stored resourceVersions on the next start",
              e.getMessage(),
              ops.size() + queue.size());
          gaveUp = true;
          return null;
        }
        if (pausedAt == 0) {
          pausedAt = System.nanoTime();
        }
        health.degraded("the store takes no writes: " + e.getMessage());
        metrics.retried();
        if (!(e instanceof SQLException sql) || StoreErrors.spoilsConnection(sql)) {
          // New connections reopen an embedded database that closed itself (H2 after its disk
          // filled).
          onStoreFault.run();
        }
        long wait = backoff(attempt);
        if (attempt == 1 || attempt % 60 == 0) { // the cause once; then once a minute or so
          LOG.warn(
              "store writer: the store takes no writes ({}); ingestion paused, keeping {} changes, retry {} in"
                  + " {} ms",
              e.getMessage(),
              ops.size(),
              attempt,
              wait,
              attempt == 1 ? e : null);
        }
        Thread.sleep(wait); // back-off between attempts while ingestion is paused
      }
    }
  }

  /** The pause before retry number {@code attempt}: 100 ms doubling up to 1 s. */
  static long backoff(int attempt) {
    return Math.min(1_000, 50L << Math.min(attempt, 5));
  }
}
