package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Commits one batch in one transaction: locks the journal head, lets the {@link WriteFence} drop
 * ops of clusters this writer no longer owns, applies the rest, advances the head, commits, and on
 * an embedded H2 store writes the commit to the file at once.
 */
final class BatchCommitter {

  private final DataSource dataSource;
  private final WriteFence fence;
  private final FreshLists freshLists = new FreshLists();
  private FileFlush flush = FileFlush.NONE;

  BatchCommitter(DataSource dataSource, WriteFence fence) {
    this.dataSource = dataSource;
    this.fence = fence;
  }

  /** Reads the journal's newest sequence number, and whether commits must be checkpointed. */
  long open() {
    try (Connection c = dataSource.getConnection()) {
      long lastSeq = JournalHead.lastSeq(c);
      flush = FileFlush.probe(c, "store writer");
      return lastSeq;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read the journal's last sequence number: " + e.getMessage(), e);
    }
  }

  /**
   * What one committed batch did: the journal's newest sequence number after it, and figures; its
   * time split into waiting for the journal head's lock, applying the ops, the commit, and writing
   * the commit to the file.
   */
  record Committed(
      long lastSeq,
      int ops,
      long nanos,
      Map<BatchFigures.JournalKey, Long> journaled,
      long lockNanos,
      long applyNanos,
      long commitNanos,
      long checkpointNanos) {

    /** "412 ms: head lock 0, apply 35, commit 12, file 365". */
    String timing() {
      return String.format(
          "%d ms: head lock %d, apply %d, commit %d, file %d",
          nanos / 1_000_000,
          lockNanos / 1_000_000,
          applyNanos / 1_000_000,
          commitNanos / 1_000_000,
          checkpointNanos / 1_000_000);
    }
  }

  /** Commits {@code batch}. */
  Committed commit(List<StoreOp> batch) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      BatchApplier applier = null;
      long nextSeq;
      long locked;
      long applied;
      long committed;
      try {
        // The head row lock orders this batch against every other writer's, in this process or
        // another.
        JournalHead head = JournalHead.lock(c);
        locked = System.nanoTime();
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
        applied = System.nanoTime();
        c.commit();
        committed = System.nanoTime();
        // A change counts as stored only once in the file: on H2, write it now, and on failure
        // keep the batch.
        flush.afterCommit(c);
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
      long ended = System.nanoTime();
      return new Committed(
          nextSeq - 1,
          batch.size(),
          ended - started,
          applier.journaled(),
          locked - started,
          applied - locked,
          committed - applied,
          ended - committed);
    }
  }
}
