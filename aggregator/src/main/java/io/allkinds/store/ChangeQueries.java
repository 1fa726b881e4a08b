package io.allkinds.store;

import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.JournalBounds;
import io.allkinds.model.JournalEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Answers "what changed": slices of the cross-cluster journal in sequence order. */
public final class ChangeQueries {

  /**
   * How many sequence numbers of the journal one request may scan per entry it may return: a filter
   * that matches little returns a short or empty page with a cursor instead of reading the journal
   * to its end (limit 100 scans at most 5,000 entries, limit 1,000 at most 50,000).
   */
  public static final int SCAN_FACTOR = 50;

  private final DataSource dataSource;

  public ChangeQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Journal entries after {@code afterSeq} that match the query, oldest first (one bounded page).
   */
  public List<JournalEntry> list(ChangeQuery q) {
    return page(q).items();
  }

  /**
   * Up to {@code limit} entries after {@code afterSeq} that match the query, oldest first, from a
   * window of at most {@code limit * SCAN_FACTOR} sequence numbers, and where to continue.
   */
  public ChangePage page(ChangeQuery q) {
    try (Connection c = dataSource.getConnection()) {
      return page(c, q);
    } catch (SQLException e) {
      throw Rows.failure(
          e,
          "the journal",
          "narrow it with since/until, cluster, kind or namespace, or a smaller limit");
    }
  }

  /** The first and last sequence numbers the journal holds now. */
  public JournalBounds bounds() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = Rows.prepare(c, JournalClock.BOUNDS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new JournalBounds(rs.getLong(1), rs.getLong(2));
    } catch (SQLException e) {
      throw Rows.failure(e, "the journal's bounds", "retry");
    }
  }

  /**
   * The last sequence number stored at or before {@code t} (0 when none): the state as of {@code t}
   * is every entry up to it, as as-of inventory reads count it.
   */
  public long seqAt(Instant t) {
    try (Connection c = dataSource.getConnection()) {
      return JournalClock.lastSeqBefore(c, t, true);
    } catch (SQLException e) {
      throw Rows.failure(e, "the journal's clock", "retry");
    }
  }

  private ChangePage page(Connection c, ChangeQuery q) throws SQLException {
    long min;
    long head;
    try (PreparedStatement ps = Rows.prepare(c, JournalClock.BOUNDS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      min = rs.getLong(1);
      head = rs.getLong(2);
      if (rs.wasNull()) {
        return new ChangePage(List.of(), q.afterSeq(), null);
      }
    }
    // Times map to sequence ranges (the journal's time never decreases with seq), so every
    // filter runs as a range of the primary key.
    long after = Math.max(q.afterSeq(), min - 1);
    if (q.since() != null) {
      after = Math.max(after, JournalClock.lastSeqBefore(c, q.since(), false));
    }
    long end = head;
    if (q.untilSeq() > 0) {
      end = Math.min(end, q.untilSeq());
    }
    if (q.until() != null) {
      end = Math.min(end, JournalClock.lastSeqBefore(c, q.until(), false));
    }
    if (after >= end) {
      return new ChangePage(List.of(), Math.max(q.afterSeq(), end), null);
    }
    long window = (long) q.limit() * SCAN_FACTOR;
    long upTo = end - after > window ? after + window : end;
    Where where = new Where().add("seq > ?", after).add("seq <= ?", upTo);
    // Without a name, the seq range of the primary key must drive the scan: CONCAT keeps the
    // planner from walking the per-object index by cluster and sorting all of a cluster's entries.
    where
        .in(q.name() == null ? "CONCAT(cluster, '')" : "cluster", q.clusters())
        .eq("api_group", q.group())
        .when(q.version(), "version = ?", q.version())
        .when(
            q.kind(),
            "LOWER(kind) = ?",
            q.kind() == null ? null : q.kind().toLowerCase(Locale.ROOT))
        .when(q.namespace(), "namespace = ?", q.namespace())
        .when(q.name(), "name = ?", q.name())
        .when(q.type(), "event_type = ?", q.type() == null ? null : q.type().name());
    FactSql.changed(where, q.changed());
    FactSql.madeBy(where, q.manager());
    String sql =
        "SELECT "
            + Rows.JOURNAL_COLUMNS
            + " FROM journal"
            + where.sql()
            + " ORDER BY seq FETCH FIRST "
            + q.limit()
            + " ROWS ONLY";
    try (PreparedStatement ps = Rows.prepare(c, sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<JournalEntry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(Rows.journalEntry(rs));
        }
        if (out.size() == q.limit()) {
          long last = out.get(out.size() - 1).seq();
          return new ChangePage(out, last, last);
        }
        return new ChangePage(out, upTo, upTo < end ? upTo : null);
      }
    }
  }
}
