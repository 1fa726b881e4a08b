package io.allkinds.store;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.StoreOp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a (re)list into journal entries: each listed object is compared with its stored row (an
 * unchanged one is only marked seen by this list's generation), and when the list ends, every live
 * object it did not see becomes a DELETED entry. A type that is no longer served has all its live
 * objects deleted the same way.
 */
final class RelistReconcile {

  /** Unseen objects are deleted this many at a time. */
  private static final int SWEEP_ROWS = 500;

  private static final String OF_TYPE = " FROM objects WHERE " + TypeKey.MATCHES;
  private static final String ANY_OLDER_ROW =
      "SELECT 1" + OF_TYPE + " AND list_generation <> ? FETCH FIRST 1 ROWS ONLY";
  private static final String UNSEEN_IN_LIST =
      "SELECT namespace, name"
          + OF_TYPE
          + " AND deleted = FALSE AND list_generation <> ?"
          + " ORDER BY namespace, name FETCH FIRST "
          + SWEEP_ROWS
          + " ROWS ONLY";
  private static final String LIVE_OF_TYPE =
      "SELECT namespace, name"
          + OF_TYPE
          + " AND deleted = FALSE ORDER BY namespace, name FETCH FIRST "
          + SWEEP_ROWS
          + " ROWS ONLY";

  private final BatchStatements statements;
  private final ObjectJournal objects;
  private final StatusWriter status;
  private final BatchFigures figures;
  private final FreshLists freshLists;
  private final JournalStamps stamps;

  RelistReconcile(
      BatchStatements statements,
      ObjectJournal objects,
      StatusWriter status,
      BatchFigures figures,
      FreshLists freshLists,
      JournalStamps stamps) {
    this.statements = statements;
    this.objects = objects;
    this.status = status;
    this.figures = figures;
    this.freshLists = freshLists;
    this.stamps = stamps;
  }

  /** One object of a list: journaled when new or changed, otherwise only marked seen. */
  void listed(StoreOp.Listed l) throws SQLException {
    TypeKey key = new TypeKey(l.cluster(), l.type());
    ObservedObject o = l.object();
    if (isFresh(key, l.generation())) {
      // The first list of a type with nothing stored: every object is new, no lookups needed.
      objects.addNew(key, o, l.generation());
      return;
    }
    statements.flush();
    ObjectRef ref = key.object(o.namespace(), o.name());
    StoredRow row = objects.stored(ref);
    if (row != null && row.alreadyHas(o.uid(), o.resourceVersion())) {
      objects.touch(ref, l.generation());
      return;
    }
    objects.upsertLive(key, o, row, l.generation(), BatchStatements.Run.NOW);
  }

  /** The list ended: live objects it did not see are deleted, and the type's row updated. */
  void listDone(StoreOp.ListDone d) throws SQLException {
    TypeKey key = new TypeKey(d.cluster(), d.type());
    if (!Boolean.TRUE.equals(freshLists.get(key.cluster(), key.type(), d.generation()))) {
      // A fresh list began with no rows of the type, so it left none unseen: the sweep, which
      // reads every row of the type (0.8 s at 100,000), is for relists only.
      sweep(key, UNSEEN_IN_LIST, d.generation());
    }
    status.listDone(key, d.resourceVersion(), d.generation(), d.objects(), stamps.batchTime());
    figures.listDone(key);
    freshLists.done(key.cluster(), key.type());
  }

  /** The type is no longer served: every live object of it is deleted. */
  void typeGone(StoreOp.TypeGone g) throws SQLException {
    TypeKey key = new TypeKey(g.cluster(), g.type());
    sweep(key, LIVE_OF_TYPE, null);
    status.typeGone(key, stamps.batchTime());
    figures.typeGone(key);
  }

  /** Whether the type had no rows of another generation when this list began. */
  private boolean isFresh(TypeKey key, long generation) throws SQLException {
    Boolean fresh = freshLists.get(key.cluster(), key.type(), generation);
    if (fresh == null) {
      statements.flush();
      PreparedStatement ps = statements.get(ANY_OLDER_ROW);
      int i = key.bind(ps, 1);
      ps.setLong(i, generation);
      try (ResultSet rs = ps.executeQuery()) {
        fresh = !rs.next();
      }
      freshLists.put(key.cluster(), key.type(), generation, fresh);
    }
    return fresh;
  }

  /**
   * Journals as deleted every live row {@code query} finds ({@code generation}: the list's, or null
   * when the query takes none), {@value #SWEEP_ROWS} at a time.
   */
  private void sweep(TypeKey key, String query, Long generation) throws SQLException {
    while (true) {
      List<ObjectRef> unseen = new ArrayList<>();
      PreparedStatement ps = statements.get(query);
      int i = key.bind(ps, 1);
      if (generation != null) {
        ps.setLong(i, generation);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          unseen.add(key.object(rs.getString(1), rs.getString(2)));
        }
      }
      for (ObjectRef ref : unseen) {
        objects.journalStoredDeletion(ref);
      }
      if (unseen.size() < SWEEP_ROWS) {
        return;
      }
    }
  }
}
