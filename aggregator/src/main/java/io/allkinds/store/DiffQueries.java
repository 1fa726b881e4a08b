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
 * last one in the window (no later entry of the object up to {@code toSeq}, found on the per-object
 * index), so each object is listed once, at its last change, across all pages; then it reads the
 * page's objects' entries in the window, on the same index, to tell how each changed.
 */
public final class DiffQueries {

  /**
   * How many sequence numbers of the window one request may scan per object it may return: a page
   * of 100 scans at most 2,000 entries. Fewer than {@link ChangeQueries#SCAN_FACTOR}, as each
   * scanned entry costs a probe of the per-object index (is there a later entry in the window?);
   * where few entries are their object's last, a page comes back short, with its continue token.
   */
  public static final int SCAN_FACTOR = 20;

  private static final String SAME_OBJECT =
      "%1$s.cluster = j.cluster AND %1$s.api_group = j.api_group AND %1$s.resource = j.resource"
          + " AND %1$s.namespace = j.namespace AND %1$s.name = j.name";

  private static final String ENTRIES =
      "SELECT seq, uid, event_type, observed_at, changed_paths, actors, applied_by FROM journal"
          + ObjectKeySql.WHERE
          + " AND seq > ? AND seq <= ? ORDER BY seq";

  private final DataSource dataSource;

  public DiffQueries(DataSource dataSource, BodyCodec codec) {
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
    List<DiffSummary> objects = lastEntries(c, q, fromSeq, toSeq, after, upTo);
    List<DiffItem> items = new ArrayList<>();
    try (PreparedStatement ps = Rows.prepare(c, ENTRIES)) {
      for (DiffSummary o : objects) {
        items.add(summarise(ps, o, fromSeq, toSeq));
      }
    }
    DiffCursor next;
    if (items.size() == q.limit()) {
      long last = items.get(items.size() - 1).lastSeq();
      next = last < toSeq ? new DiffCursor(fromSeq, toSeq, last) : null;
    } else {
      next = upTo < toSeq ? new DiffCursor(fromSeq, toSeq, upTo) : null;
    }
    return new DiffPage(fromSeq, toSeq, items, next);
  }

  /**
   * The objects whose last entry in the window lies in ({@code after}, {@code upTo}] and passes the
   * filters, in the order of those entries; with changed paths or a manager asked, only those with
   * at least one entry in the window that matches.
   */
  private static List<DiffSummary> lastEntries(
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
    sql.append(" AND NOT EXISTS (SELECT 1 FROM journal l WHERE ")
        .append(String.format(Locale.ROOT, SAME_OBJECT, "l"))
        .append(" AND l.seq > j.seq AND l.seq <= ?)");
    params.add(toSeq);
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

  /** The object's entries in the window, folded into its item. */
  private static DiffItem summarise(PreparedStatement ps, DiffSummary o, long fromSeq, long toSeq)
      throws SQLException {
    int i = ObjectKeySql.bind(ps, 1, o.key());
    ps.setLong(i++, fromSeq);
    ps.setLong(i, toSeq);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        o.add(
            rs.getLong(1),
            rs.getString(2),
            EventType.valueOf(rs.getString(3)),
            SqlTime.read(rs, "observed_at"),
            ChangeFacts.fromStored(rs.getString(5), rs.getString(6), rs.getString(7)));
      }
    }
    return o.item();
  }

  private static long head(Connection c) throws SQLException {
    try (PreparedStatement ps = Rows.prepare(c, JournalClock.BOUNDS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(2);
    }
  }
}
