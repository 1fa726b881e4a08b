package io.allkinds.store;

import io.allkinds.model.StoreOp;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the store: drains the {@link OpQueue} on its own thread and applies each
 * batch in one transaction ({@link BatchCommitter}), as {@link BatchRetries} says when the store
 * fails it. After every commit it tells its listeners the newest journal sequence number, so that
 * live feeds can read the new rows.
 */
public final class ChangeWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWriter.class);

  /**
   * How long a batch that is not full waits for more. While the queue is deep every batch is full
   * at once; this is for a trickle, where each change would otherwise be a commit of its own.
   * Short: a change waits for it on its way to the live feed (50 ms made a third of the p50 at 200
   * changes/s), and the file growth it saved is now given back by the periodic compaction.
   */
  private static final long LINGER_NANOS = 10_000_000L;

  /** A batch that takes longer than this is logged: live feeds wait for it. */
  static final Duration SLOW_BATCH = Duration.ofMillis(500);

  private static final Duration SLOW_BATCH_LOG_INTERVAL = Duration.ofSeconds(10);

  /** The most body bytes one batch (one transaction) carries. */
  static final long BATCH_BYTES = 8L * 1024 * 1024;

  private final OpQueue queue;
  private final int batchSize;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final StoreHealth health;
  private final WriterMetrics metrics;
  private final BatchCommitter committer;
  private final BatchRetries retries;
  private volatile boolean running = true;
  private volatile long lastSeq;

  /** When the writer last took a batch with listed objects (System.nanoTime), or 0. */
  private volatile long lastListedAt;

  /** When a slow batch was last logged (System.nanoTime), on the writer's thread only. */
  private long lastSlowLogAt = System.nanoTime() - SLOW_BATCH_LOG_INTERVAL.toNanos();

  /**
   * {@code fence} decides, inside each batch transaction, which clusters this writer may still
   * write; ops of other clusters are dropped (their new owner re-reads them from the cluster).
   */
  public ChangeWriter(
      DataSource dataSource,
      OpQueue queue,
      int batchSize,
      MeterRegistry metrics,
      WriteFence fence) {
    this(
        dataSource, queue, batchSize, metrics, fence, new StoreHealth(Clock.systemUTC()), () -> {});
  }

  /**
   * As above, reporting the store's state to {@code health}, and running {@code onStoreFault}
   * before each retry after a store-wide fault (the pool drops its connections, so that new ones
   * reopen an embedded database that closed itself).
   */
  public ChangeWriter(
      DataSource dataSource,
      OpQueue queue,
      int batchSize,
      MeterRegistry metrics,
      WriteFence fence,
      StoreHealth health,
      Runnable onStoreFault) {
    this.health = health;
    this.queue = queue;
    this.batchSize = batchSize;
    this.metrics = new WriterMetrics(metrics, queue);
    this.committer = new BatchCommitter(dataSource, fence);
    this.retries =
        new BatchRetries(this::commit, health, this.metrics, onStoreFault, () -> running, queue);
    this.thread = new Thread(this::run, "allkinds-store-writer");
  }

  /** Reads the journal's high-water mark and starts the writer thread. */
  public void start() {
    lastSeq = committer.open();
    thread.start();
  }

  /** Hands an op to the writer, waiting while its queue is full. */
  public void submit(StoreOp op) throws InterruptedException {
    queue.put(op);
  }

  /** Registers a listener told the newest journal sequence number after each commit. */
  public void onCommit(LongConsumer listener) {
    listeners.add(listener);
  }

  /** The store's state as this writer finds it. */
  public StoreHealth health() {
    return health;
  }

  /** The newest committed journal sequence number. */
  public long lastSeq() {
    return lastSeq;
  }

  /** How many ops wait in the queue. */
  public int queueDepth() {
    return queue.size();
  }

  /**
   * Whether a batch of the last {@code window} carried listed objects: a (re)list is under way,
   * which during an initial sync keeps the writer busy even while its queue is short.
   */
  public boolean listedWithin(Duration window) {
    long at = lastListedAt;
    return at != 0 && System.nanoTime() - at < window.toNanos();
  }

  /** How many ops were committed since start. */
  public long opsWritten() {
    return metrics.opsWritten();
  }

  /** How many batches were committed since start. */
  public long batches() {
    return metrics.batches();
  }

  private void run() {
    List<StoreOp> batch = new ArrayList<>(batchSize);
    try {
      while ((running || queue.size() > 0) && !retries.gaveUp()) {
        try {
          batch.clear();
          if (fill(batch)) {
            if (batch.stream().anyMatch(StoreOp.Listed.class::isInstance)) {
              lastListedAt = System.nanoTime();
            }
            retries.write(batch);
          }
        } catch (InterruptedException e) {
          if (running) { // nothing here interrupts the writer: whatever did so wants it gone
            health.writerDied("interrupted");
            LOG.error(
                "store writer: interrupted while running; stopping, {} changes not written",
                queue.size());
          }
          break;
        }
      }
    } catch (Throwable e) { // an Error, or a bug: the writer cannot go on by itself; /healthz fails
      health.writerDied(e.toString());
      running = false;
      LOG.error(
          "store writer: stopped for good by {}; {} changes wait in its queue; /healthz now fails so that"
              + " a supervisor restarts the process, which resumes from what was stored",
          e,
          queue.size(),
          e);
    }
  }

  /**
   * Takes the next batch from the queue; false when none came within 200 ms. It lingers briefly for
   * a fuller batch: every commit rewrites the B-tree pages it touches, so many small commits cost
   * time and grow the MVStore file far more than a few big ones. A batch is bounded in bytes too:
   * the store serialises a whole commit at once (H2 builds its chunk in memory, with each body
   * twice: latest state and journal), so a batch of 500 large objects would need hundreds of MB of
   * heap in one go.
   */
  private boolean fill(List<StoreOp> batch) throws InterruptedException {
    if (queue.drain(batch, batchSize, BATCH_BYTES, 200) == 0) {
      return false;
    }
    long deadline = System.nanoTime() + LINGER_NANOS;
    long bytes = batch.stream().mapToLong(OpQueue::sizeOf).sum();
    while (batch.size() < batchSize && bytes < BATCH_BYTES && System.nanoTime() < deadline) {
      int from = batch.size();
      queue.drain(
          batch,
          batchSize - batch.size(),
          BATCH_BYTES - bytes,
          Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      bytes += batch.subList(from, batch.size()).stream().mapToLong(OpQueue::sizeOf).sum();
    }
    return true;
  }

  /** Commits {@code batch} and tells the listeners when the journal grew. */
  private void commit(List<StoreOp> batch) throws SQLException {
    BatchCommitter.Committed done = committer.commit(batch);
    long newest = done.lastSeq();
    if (newest > lastSeq) {
      lastSeq = newest;
      for (LongConsumer l : listeners) {
        try {
          l.accept(newest);
        } catch (
            RuntimeException e) { // the batch is committed: a listener's failure is not the store's
          LOG.warn("store writer: a commit listener failed", e);
        }
      }
    }
    // Counted last: whoever sees the batch counted sees its sequence number too.
    metrics.committed(done.ops(), done.nanos(), done.journaled());
    logIfSlow(done);
  }

  /**
   * Logs a batch that held the writer (and so every live feed) for longer than {@link #SLOW_BATCH},
   * with where its time went, at most once per {@link #SLOW_BATCH_LOG_INTERVAL}.
   */
  private void logIfSlow(BatchCommitter.Committed done) {
    long now = System.nanoTime();
    if (done.nanos() < SLOW_BATCH.toNanos()
        || now - lastSlowLogAt < SLOW_BATCH_LOG_INTERVAL.toNanos()) {
      return;
    }
    lastSlowLogAt = now;
    LOG.info(
        "store writer: a batch of {} changes took {} ({} changes wait)",
        done.ops(),
        done.timing(),
        queue.size());
  }

  /** Stops taking new batches once the queue is empty, and waits for the thread to finish. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
