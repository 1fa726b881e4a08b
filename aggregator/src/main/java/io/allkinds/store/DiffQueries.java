package io.allkinds.store;

import io.allkinds.model.ChangeFacts;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.DiffCursor;
import io.allkinds.model.DiffItem;
import io.allkinds.model.DiffPage;
import io.allkinds.model.DiffQuery;
import io.allkinds.model.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Answers "what changed between two instants": the objects added, deleted and modified in a window
 * of the journal, each once, with the paths it changed and who changed it.
 *
 * <p>The window's times map to sequence numbers ({@code fromSeq}, {@code toSeq}]. A page scans a
 * bounded slice of that range in sequence order and keeps an entry only when it is its object's
 * first one in the window: the entry before it ({@code prev_seq}, kept by the writer) lies at or
 * before {@code fromSeq}. So each object is listed once, at its first change, across all pages, and
 * picking a page is a range of the primary key with no probes; then it reads the page's objects'
 * entries in the window, on the per-object index, to tell how each changed.
 */
public final class DiffQueries {

  /**
   * How many sequence numbers of the window one request may scan per object it may return (as
   * {@link ChangeQueries#SCAN_FACTOR}): a page of 100 scans at most 5,000 entries, on the primary
   * key alone.
   */
  public static final int SCAN_FACTOR = ChangeQueries.SCAN_FACTOR;

  private static final String SAME_OBJECT =
      "%1$s.cluster = j.cluster AND %1$s.api_group = j.api_group AND %1$s.resource = j.resource"
          + " AND %1$s.namespace = j.namespace AND %1$s.name = j.name";

  /**
   * Entries of one object a page folds at most: an object that changed every few seconds (a Lease,
   * an Endpoints) is summed up from its first entries and its last, and counted.
   */
  static final int MAX_ENTRIES = 500;

  private static final String ENTRY_COLUMNS =
      "SELECT seq, uid, event_type, observed_at, changed_paths, actors, applied_by FROM journal"
          + ObjectKeySql.WHERE
          + " AND seq > ? AND seq <= ?";
  private static final String ENTRIES =
      ENTRY_COLUMNS + " ORDER BY seq FETCH FIRST " + MAX_ENTRIES + " ROWS ONLY";
  private static final String LAST_ENTRY =
      ENTRY_COLUMNS + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";
  private static final String COUNT =
      "SELECT COUNT(*) FROM journal" + ObjectKeySql.WHERE + " AND seq > ? AND seq <= ?";

  private final DataSource dataSource;

  public DiffQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One page of the window's diff: at most {@code limit} objects, each once across all pages. */
  public DiffPage page(DiffQuery q) {
    try (Connection c = dataSource.getConnection()) {
      return page(c, q);
    } catch (SQLException e) {
      throw Rows.failure(
          e,
          "the journal's window",
          "narrow it with a shorter window, cluster, kind or namespace, or a smaller limit");
    }
  }

  private DiffPage page(Connection c, DiffQuery q) throws SQLException {
    long fromSeq;
    long toSeq;
    long after;
    if (q.cursor() != null) {
      fromSeq = q.cursor().fromSeq();
      toSeq = q.cursor().toSeq();
      after = q.cursor().afterSeq();
    } else {
      fromSeq = JournalClock.lastSeqBefore(c, q.from(), true);
      toSeq = q.to() == null ? head(c) : JournalClock.lastSeqBefore(c, q.to(), true);
      after = fromSeq;
    }
    if (after >= toSeq) {
      return new DiffPage(fromSeq, Math.max(fromSeq, toSeq), List.of(), null);
    }
    long window = (long) q.limit() * SCAN_FACTOR;
    long upTo = toSeq - after > window ? after + window : toSeq;
    List<DiffSummary> objects = firstEntries(c, q, fromSeq, toSeq, after, upTo);
    List<DiffItem> items = new ArrayList<>();
    try (PreparedStatement ps = Rows.prepare(c, ENTRIES)) {
      for (DiffSummary o : objects) {
        if (fold(ps, o, fromSeq, toSeq) == MAX_ENTRIES) {
          foldTheRest(c, o, fromSeq, toSeq);
        }
        items.add(o.item());
      }
    }
    DiffCursor next;
    if (items.size() == q.limit()) {
      long last = items.get(items.size() - 1).firstSeq();
      next = last < toSeq ? new DiffCursor(fromSeq, toSeq, last) : null;
    } else {
      next = upTo < toSeq ? new DiffCursor(fromSeq, toSeq, upTo) : null;
    }
    return new DiffPage(fromSeq, toSeq, items, next);
  }

  /**
   * The objects whose first entry in the window lies in ({@code after}, {@code upTo}] and passes
   * the filters, in the order of those entries; with changed paths or a manager asked, only those
   * with at least one entry in the window that matches.
   */
  private static List<DiffSummary> firstEntries(
      Connection c, DiffQuery q, long fromSeq, long toSeq, long after, long upTo)
      throws SQLException {
    ChangeQuery f = q.filters();
    // The facts' conditions name the journal's columns unqualified: inside the subquery they are
    // its own row's. It comes first so that its parameters are bound first.
    Where facts = new Where();
    FactSql.changed(facts, f.changed());
    FactSql.madeBy(facts, f.manager());
    StringBuilder sql =
        new StringBuilder(
            "SELECT j.seq, j.cluster, j.api_group, j.version, j.resource, j.kind, j.namespace,"
                + " j.name FROM journal j WHERE ");
    List<Object> params = new ArrayList<>();
    if (!facts.sql().isEmpty()) {
      sql.append("EXISTS (SELECT 1 FROM journal m")
          .append(facts.sql())
          .append(" AND ")
          .append(String.format(Locale.ROOT, SAME_OBJECT, "m"))
          .append(" AND m.seq > ? AND m.seq <= ?) AND ");
      params.add(fromSeq);
      params.add(toSeq);
    }
    sql.append("j.seq > ? AND j.seq <= ?");
    params.add(after);
    params.add(upTo);
    if (!f.clusters().isEmpty()) {
      // CONCAT keeps the planner on the seq range of the primary key (as ChangeQueries does).
      sql.append(" AND CONCAT(j.cluster, '') IN (")
          .append(String.join(", ", f.clusters().stream().map(x -> "?").toList()))
          .append(')');
      params.addAll(f.clusters());
    }
    if (f.group() != null) {
      sql.append(" AND j.api_group = ?");
      params.add(f.group());
    }
    if (f.version() != null && !f.version().isEmpty()) {
      sql.append(" AND j.version = ?");
      params.add(f.version());
    }
    if (f.kind() != null && !f.kind().isEmpty()) {
      sql.append(" AND LOWER(j.kind) = ?");
      params.add(f.kind().toLowerCase(Locale.ROOT));
    }
    if (f.namespace() != null && !f.namespace().isEmpty()) {
      sql.append(" AND j.namespace = ?");
      params.add(f.namespace());
    }
    // The object's first entry in the window: the one before it lies before the window (0: none).
    // Entries stored before prev_seq was kept (NULL) probe the per-object index instead.
    sql.append(
            " AND (j.prev_seq <= ? OR (j.prev_seq IS NULL AND NOT EXISTS (SELECT 1 FROM journal e")
        .append(" WHERE ")
        .append(String.format(Locale.ROOT, SAME_OBJECT, "e"))
        .append(" AND e.seq > ? AND e.seq < j.seq)))");
    params.add(fromSeq);
    params.add(fromSeq);
    sql.append(" ORDER BY j.seq FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
    List<DiffSummary> out = new ArrayList<>();
    try (PreparedStatement ps = Rows.prepare(c, sql.toString())) {
      int i = facts.bind(ps);
      for (Object p : params) {
        ps.setObject(i++, p);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String ns = rs.getString("namespace");
          out.add(
              new DiffSummary(
                  rs.getString("cluster"),
                  Rows.type(rs, !ns.isEmpty()),
                  Rows.nullIfEmpty(ns),
                  rs.getString("name")));
        }
      }
    }
    return out;
  }

  /** Folds the object's first entries in the window into its summary; answers how many. */
  private static int fold(PreparedStatement ps, DiffSummary o, long fromSeq, long toSeq)
      throws SQLException {
    int i = ObjectKeySql.bind(ps, 1, o.key());
    ps.setLong(i++, fromSeq);
    ps.setLong(i, toSeq);
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        n++;
        o.add(
            rs.getLong(1),
            rs.getString(2),
            EventType.valueOf(rs.getString(3)),
            SqlTime.read(rs, "observed_at"),
            ChangeFacts.fromStored(rs.getString(5), rs.getString(6), rs.getString(7)));
      }
    }
    return n;
  }

  /** For an object with more than {@link #MAX_ENTRIES} entries: its last one, and their count. */
  private static void foldTheRest(Connection c, DiffSummary o, long fromSeq, long toSeq)
      throws SQLException {
    long after = o.lastSeqSoFar();
    try (PreparedStatement last = Rows.prepare(c, LAST_ENTRY)) {
      fold(last, o, after, toSeq);
    }
    try (PreparedStatement count = Rows.prepare(c, COUNT)) {
      int i = ObjectKeySql.bind(count, 1, o.key());
      count.setLong(i++, fromSeq);
      count.setLong(i, toSeq);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        o.counted(rs.getInt(1));
      }
    }
  }

  private static long head(Connection c) throws SQLException {
    try (PreparedStatement ps = Rows.prepare(c, JournalClock.BOUNDS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(2);
    }
  }
}
