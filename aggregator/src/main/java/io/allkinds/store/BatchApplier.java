package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Applies store ops inside one open transaction: watch events and lists through {@link
 * ObjectJournal} and {@link RelistReconcile}, states through {@link StatusWriter}, and at the end
 * the per-type figures the batch gathered ({@link BatchFigures}).
 */
final class BatchApplier {

  private final BatchStatements statements;
  private final JournalStamps stamps;
  private final BatchFigures figures;
  private final ObjectJournal objects;
  private final StatusWriter status;
  private final RelistReconcile relists;

  /**
   * {@code at} is the batch's store time; change number k of the batch is stamped k microseconds
   * later (see {@link JournalStamps}).
   */
  BatchApplier(Connection c, long nextSeq, Instant at, FreshLists freshLists) throws SQLException {
    this.statements = new BatchStatements(c);
    this.stamps = new JournalStamps(nextSeq, at);
    this.figures = new BatchFigures(at);
    this.objects =
        new ObjectJournal(statements, stamps, figures, new GramRows(statements, GramRows.kept(c)));
    this.status = new StatusWriter(statements);
    this.relists = new RelistReconcile(statements, objects, status, figures, freshLists, stamps);
  }

  /** Closes the batch's statements. */
  void close() {
    statements.close();
  }

  /** How many journal entries this batch wrote, by cluster, type and change type. */
  Map<BatchFigures.JournalKey, Long> journaled() {
    return figures.journaled();
  }

  /** The time of the batch's last change (or the batch time when it journaled nothing). */
  Instant lastStamp() {
    return stamps.lastStamp();
  }

  /** The sequence number the next journal entry will get. */
  long nextSeq() {
    return stamps.nextSeq();
  }

  void apply(StoreOp op) throws SQLException {
    if (!(op instanceof StoreOp.Listed) && !(op instanceof StoreOp.WatchEvent)) {
      statements.flush();
    }
    if (op instanceof StoreOp.WatchEvent e) {
      watchEvent(e);
    } else if (op instanceof StoreOp.Listed l) {
      relists.listed(l);
    } else if (op instanceof StoreOp.ListDone d) {
      relists.listDone(d);
    } else if (op instanceof StoreOp.Bookmark b) {
      figures.resumeAt(new TypeKey(b.cluster(), b.type()), b.resourceVersion());
    } else if (op instanceof StoreOp.TypeGone g) {
      relists.typeGone(g);
    } else if (op instanceof StoreOp.TypeStatus s) {
      status.typeStatus(s);
    } else if (op instanceof StoreOp.ClusterStatus s) {
      status.clusterStatus(s);
    }
  }

  /** Writes the per-type and per-cluster figures gathered over the batch. */
  void finish() throws SQLException {
    statements.flush();
    figures.write(statements);
  }

  private void watchEvent(StoreOp.WatchEvent e) throws SQLException {
    TypeKey key = new TypeKey(e.cluster(), e.type());
    ObservedObject o = e.object();
    figures.resumeAt(key, o.resourceVersion());
    ObjectRef ref = key.object(o.namespace(), o.name());
    if (statements.hasQueued(ref)) {
      statements.flush(); // the stored row must reflect this object's earlier change in the batch
    }
    StoredRow row = objects.stored(ref);
    if (e.eventType() == EventType.DELETED) {
      objects.deleteWatched(key, o, row);
    } else {
      long generation = row == null ? 0 : row.listGeneration();
      objects.upsertLive(key, o, row, generation, BatchStatements.Run.QUEUED);
    }
  }
}
