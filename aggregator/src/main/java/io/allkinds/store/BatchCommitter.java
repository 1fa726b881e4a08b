package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one batch in one transaction: locks the journal head, lets the {@link WriteFence} drop
 * ops of clusters this writer no longer owns, applies the rest, advances the head, commits, and on
 * an embedded H2 store writes the commit to the file at once.
 */
final class BatchCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

  /** H2's NOT_ENOUGH_RIGHTS_FOR_1. */
  private static final int H2_NOT_ENOUGH_RIGHTS = 90096;

  private final DataSource dataSource;
  private final WriteFence fence;
  private final FreshLists freshLists = new FreshLists();
  private boolean checkpoint;

  BatchCommitter(DataSource dataSource, WriteFence fence) {
    this.dataSource = dataSource;
    this.fence = fence;
  }

  /** Reads the journal's newest sequence number, and whether commits must be checkpointed. */
  long open() {
    try (Connection c = dataSource.getConnection()) {
      long lastSeq = JournalHead.lastSeq(c);
      checkpoint = "H2".equals(c.getMetaData().getDatabaseProductName()) && canCheckpoint(c);
      return lastSeq;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read the journal's last sequence number: " + e.getMessage(), e);
    }
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
      if (e.getErrorCode() != H2_NOT_ENOUGH_RIGHTS) {
        throw e;
      }
      LOG.warn(
          "store writer: the H2 user is no admin and cannot CHECKPOINT; a change counts as stored once"
              + " committed, and a failed background write of the file (a full disk) can lose the last ones");
      return false;
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
        if (checkpoint) {
          // H2 writes committed transactions to its file in the background, up to 500 ms later;
          // should that write fail (a full disk), it closes the database and the commits are gone.
          // A change counts as stored only once in the file: write it now, and on failure keep the
          // batch.
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
