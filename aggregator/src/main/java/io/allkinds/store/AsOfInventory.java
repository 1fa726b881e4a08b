package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSink;
import io.allkinds.model.ObjectSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages of objects as they were at an instant: walks the stored identities in key order and
 * rebuilds each from its last journal entry at or before that instant ({@link AsOfObject}).
 */
final class AsOfInventory {

  /** An identity's last entry at or before a seq: six parameters, the key's and the seq. */
  private static final String ENTRY =
      "SELECT "
          + Rows.JOURNAL_COLUMNS
          + ", body FROM journal"
          + ObjectKeySql.WHERE
          + " AND seq <= ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";

  /**
   * How many stored identities an asOf page may look at before it returns short, with a continue
   * key.
   */
  private static final int SCAN_FACTOR = 20;

  /** What became of one identity: not in the page, in it, or in it and the sink wants no more. */
  private enum Outcome {
    ABSENT,
    TAKEN,
    TAKEN_LAST
  }

  private final Rows rows;

  AsOfInventory(Rows rows) {
    this.rows = rows;
  }

  /**
   * Hands the page to {@code sink} and returns where the next page starts, or null at the end. A
   * page that finds few matches within its scan budget ends short, with a cursor.
   */
  ObjectCursor stream(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, ObjectSink sink)
      throws SQLException {
    long boundary = JournalClock.lastSeqBefore(c, q.asOf(), true);
    if (boundary == 0) {
      return null;
    }
    int found = 0;
    int chunk = Math.max(q.limit(), 100);
    int budget = q.limit() * SCAN_FACTOR;
    ObjectCursor after = q.after();
    try (PreparedStatement entry = Rows.prepare(c, ENTRY)) {
      while (true) {
        List<ObjectCursor> keys = identities(c, q.continuingAfter(after), types, chunk);
        for (ObjectCursor k : keys) {
          after = k;
          budget--;
          Outcome outcome = entryAsOf(entry, k.key(), boundary, q, sink);
          if (outcome != Outcome.ABSENT) {
            found++;
            if (found == q.limit() || outcome == Outcome.TAKEN_LAST) {
              return k;
            }
          }
        }
        if (keys.size() < chunk) {
          return null;
        }
        if (budget <= 0) {
          return after;
        }
      }
    }
  }

  /** Up to {@code chunk} stored identities that match the query, in key order. */
  private static List<ObjectCursor> identities(
      Connection c, ObjectQuery q, List<KindResolver.GroupResource> types, int chunk)
      throws SQLException {
    Where w = InventoryWhere.identity(q, types);
    String sql =
        "SELECT "
            + InventoryWhere.KEY
            + " FROM objects o"
            + w.sql()
            + " ORDER BY "
            + InventoryWhere.KEY
            + " FETCH FIRST "
            + chunk
            + " ROWS ONLY";
    List<ObjectCursor> keys = new ArrayList<>();
    try (PreparedStatement ps = Rows.prepare(c, sql)) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(new ObjectCursor(Rows.key(rs), 0));
        }
      }
    }
    return keys;
  }

  private Outcome entryAsOf(
      PreparedStatement entry, ObjectKey k, long boundary, ObjectQuery q, ObjectSink sink)
      throws SQLException {
    entry.setLong(ObjectKeySql.bind(entry, 1, k), boundary);
    try (ResultSet rs = entry.executeQuery()) {
      if (!rs.next()) {
        return Outcome.ABSENT;
      }
      JournalEntry e = Rows.journalEntry(rs);
      if (e.eventType() == EventType.DELETED && !q.includeDeleted()) {
        return Outcome.ABSENT; // before the body is inflated and parsed
      }
      byte[] body = rows.bodyBytes(rs);
      Optional<ObjectSummary> s = AsOfObject.rebuild(e, body, q);
      if (s.isEmpty()) {
        return Outcome.ABSENT;
      }
      return sink.accept(s.get(), q.full() ? body : null) ? Outcome.TAKEN : Outcome.TAKEN_LAST;
    }
  }
}
