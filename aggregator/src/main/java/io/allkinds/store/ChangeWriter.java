package io.allkinds.store;

import io.allkinds.model.StoreOp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the store: drains the {@link OpQueue} on its own thread and applies each
 * batch in one transaction. After every commit it tells its listeners the newest journal sequence
 * number, so that live feeds can read the new rows.
 */
public final class ChangeWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWriter.class);

  private static final long LINGER_NANOS = 50_000_000L;

  /** The most body bytes one batch (one transaction) carries. */
  static final long BATCH_BYTES = 8L * 1024 * 1024;

  private final DataSource dataSource;
  private final MeterRegistry metrics;
  private final Timer batchTimer;
  private final Counter retries;
  private final OpQueue queue;
  private final int batchSize;
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long lastSeq;
  private volatile boolean embedded;

  /**
   * Set when stopping left changes unwritten: nothing after them may be written (or resumed past).
   */
  private boolean gaveUp;

  private final java.util.concurrent.atomic.AtomicLong batches =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong opsWritten =
      new java.util.concurrent.atomic.AtomicLong();
  private final WriteFence fence;
  private final FreshLists freshLists = new FreshLists();
  private final StoreHealth health;
  private final Runnable onStoreFault;
  private final DegradedOps degradedOps = new DegradedOps(new BodyCodec());
  private final Counter degradedChanges;

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
        dataSource,
        queue,
        batchSize,
        metrics,
        fence,
        new StoreHealth(java.time.Clock.systemUTC()),
        () -> {});
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
    this.dataSource = dataSource;
    this.health = health;
    this.onStoreFault = onStoreFault;
    this.fence = fence;
    this.queue = queue;
    this.batchSize = batchSize;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "allkinds-store-writer");
    Gauge.builder("allkinds.queue.depth", queue, OpQueue::size)
        .description("Changes waiting for the store writer")
        .register(metrics);
    FunctionCounter.builder("allkinds.queue.full.waits", queue, OpQueue::fullWaits)
        .description("Times a watch or list waited for room in the writer's queue")
        .register(metrics);
    this.retries =
        Counter.builder("allkinds.store.write.retries")
            .description("Batch commits retried because the store could not be reached")
            .register(metrics);
    this.degradedChanges =
        Counter.builder("allkinds.store.degraded.changes")
            .description(
                "Changes the store refused as they were, stored in degraded form (marked "
                    + DegradedOps.ANNOTATION
                    + ")")
            .register(metrics);
    this.batchTimer =
        Timer.builder("allkinds.batch.write")
            .description("Time to write one batch of changes")
            .register(metrics);
  }

  /** Reads the journal's high-water mark and starts the writer thread. */
  public void start() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT next_seq FROM journal_head WHERE id = 1")) {
      if (!rs.next()) {
        throw new StoreException(
            "the store has no journal_head row: was its schema migrated?", null);
      }
      lastSeq = rs.getLong(1) - 1;
      embedded = "H2".equals(c.getMetaData().getDatabaseProductName()) && canCheckpoint(c);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read the journal's last sequence number: " + e.getMessage(), e);
    }
    thread.start();
  }

  /**
   * Whether this H2 user may write committed changes to the file at once (CHECKPOINT needs admin
   * rights).
   */
  private static boolean canCheckpoint(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() != 90096) { // NOT_ENOUGH_RIGHTS_FOR_1
        throw e;
      }
      LOG.warn(
          "store writer: the H2 user is no admin and cannot CHECKPOINT; a change counts as stored once"
              + " committed, and a failed background write of the file (a full disk) can lose the last ones");
      return false;
    }
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

  /** How many ops were committed since start. */
  public long opsWritten() {
    return opsWritten.get();
  }

  /** How many batches were committed since start. */
  public long batches() {
    return batches.get();
  }

  private void run() {
    List<StoreOp> batch = new ArrayList<>(batchSize);
    try {
      while ((running || queue.size() > 0) && !gaveUp) {
        try {
          batch.clear();
          if (queue.drain(batch, batchSize, BATCH_BYTES, 200) == 0) {
            continue;
          }
          // Linger briefly for a fuller batch: every commit rewrites the B-tree pages it touches,
          // so many small commits cost time and grow the MVStore file far more than a few big ones.
          // A batch is bounded in bytes too: the store serialises a whole commit at once (H2 builds
          // its chunk in memory, with each body twice: latest state and journal), so a batch of 500
          // large objects would need hundreds of MB of heap in one go.
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
          write(batch);
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
   * Writes {@code batch}, never dropping a change: store-wide faults are waited out; a batch the
   * store refuses is split in halves, in order, until the one change it cannot take is alone, and
   * that change is stored in its degraded form.
   */
  private void write(List<StoreOp> batch) throws InterruptedException {
    if (gaveUp) {
      return; // never write past changes left unwritten: the watches resume before them on the next
      // start
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
        DegradedOps.ANNOTATION);
    StoreOp degraded = degradedOps.of(op, reason);
    Exception last = degraded == null ? refused : commitPausingOnStoreFaults(List.of(degraded));
    for (int attempt = 1; last != null; attempt++) {
      if (!running) {
        gaveUp =
            true; // not stored and not acknowledged: the watch resumes before it on the next start
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
    degradedChanges.increment();
    health.ok();
  }

  /**
   * Commits {@code ops}, waiting out a store-wide fault for as long as it takes: the queue then
   * fills and slows the watches down, and nothing is dropped. Returns null once committed (or given
   * up at shutdown, when the watches will resume from the stored resourceVersions), or the store's
   * refusal of these changes.
   */
  private Exception commitPausingOnStoreFaults(List<StoreOp> ops) throws InterruptedException {
    long pausedAt = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        commit(ops);
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
        if (!running) {
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
        retries.increment();
        if (!(e instanceof SQLException sql) || StoreErrors.spoilsConnection(sql)) {
          // New connections reopen an embedded database that closed itself (H2 after its disk
          // filled).
          onStoreFault.run();
        }
        long wait = backoff(attempt);
        if (attempt == 1 || attempt % 60 == 0) {
          LOG.warn(
              "store writer: the store takes no writes ({}); ingestion paused, keeping {} changes, retry {} in"
                  + " {} ms",
              e.getMessage(),
              ops.size(),
              attempt,
              wait);
        }
        Thread.sleep(wait); // back-off between attempts while ingestion is paused
      }
    }
  }

  private static long backoff(int attempt) {
    return Math.min(1_000, 50L << Math.min(attempt, 5));
  }

  private void commit(List<StoreOp> batch) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      BatchApplier applier = null;
      long nextSeq;
      try {
        // The head row lock orders this batch against every other writer's, in this process or
        // another.
        JournalHead head = JournalHead.lock(c);
        List<StoreOp> allowed = fence.filter(c, batch);
        Instant now = Instant.now();
        Instant at =
            head.lastObservedAt() == null || now.isAfter(head.lastObservedAt())
                ? now
                : head.lastObservedAt().plusNanos(1000);
        applier = new BatchApplier(c, head.nextSeq(), at, freshLists);
        for (StoreOp op : allowed) {
          applier.apply(op);
        }
        applier.finish();
        nextSeq = applier.nextSeq();
        if (nextSeq != head.nextSeq()) {
          JournalHead.advance(c, nextSeq, applier.lastStamp());
        }
        c.commit();
        if (embedded) {
          // H2 writes committed transactions to its file in the background, up to 500 ms later;
          // should
          // that write fail (a full disk), it closes the database and the commits are gone. A
          // change
          // counts as stored only once in the file: write it now, and on failure keep the batch.
          try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
          }
        }
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback); // a broken connection: the failure that broke it tells more
        }
        throw e;
      } finally {
        if (applier != null) {
          applier.close();
        }
      }
      batches.incrementAndGet();
      opsWritten.addAndGet(batch.size());
      batchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      applier
          .journaled()
          .forEach(
              (key, n) ->
                  Counter.builder("allkinds.changes.ingested")
                      .description("Changes journaled, by cluster, resource type and change type")
                      .tags(
                          "cluster",
                          key.cluster(),
                          "group",
                          key.group(),
                          "resource",
                          key.resource(),
                          "type",
                          key.type())
                      .register(metrics)
                      .increment(n));
      if (nextSeq - 1 > lastSeq) {
        lastSeq = nextSeq - 1;
        for (LongConsumer l : listeners) {
          try {
            l.accept(lastSeq);
          } catch (
              RuntimeException
                  e) { // the batch is committed: a listener's failure is not the store's
            LOG.warn("store writer: a commit listener failed: {}", e.toString());
          }
        }
      }
    }
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
