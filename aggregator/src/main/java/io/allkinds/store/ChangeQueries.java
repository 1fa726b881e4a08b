package io.allkinds.store;

import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Answers "what changed": slices of the cross-cluster journal in sequence order. */
public final class ChangeQueries {

  private final DataSource dataSource;

  public ChangeQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Journal entries after {@code afterSeq} that match the query, oldest first. */
  public List<JournalEntry> list(ChangeQuery q) {
    try (Connection c = dataSource.getConnection()) {
      return list(c, q);
    } catch (SQLException e) {
      throw new StoreException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  private List<JournalEntry> list(Connection c, ChangeQuery q) throws SQLException {
    // Times map to sequence ranges (the journal's time never decreases with seq), so every
    // filter runs as a range of the primary key.
    long after = q.afterSeq();
    if (q.since() != null) {
      after = Math.max(after, JournalClock.lastSeqBefore(c, q.since(), false));
    }
    Where where = new Where().add("seq > ?", after);
    if (q.untilSeq() > 0) {
      where.add("seq <= ?", q.untilSeq());
    }
    if (q.until() != null) {
      where.add("seq <= ?", JournalClock.lastSeqBefore(c, q.until(), false));
    }
    // Without a name, the seq range of the primary key must drive the scan: CONCAT keeps the
    // planner from walking the per-object index by cluster and sorting all of a cluster's entries.
    where
        .in(q.name() == null ? "CONCAT(cluster, '')" : "cluster", q.clusters())
        .eq("api_group", q.group())
        .when(q.version(), "version = ?", q.version())
        .when(q.kind(), "LOWER(kind) = ?", q.kind() == null ? null : q.kind().toLowerCase(Locale.ROOT))
        .when(q.namespace(), "namespace = ?", q.namespace())
        .when(q.name(), "name = ?", q.name())
        .when(q.type(), "event_type = ?", q.type() == null ? null : q.type().name());
    String sql = "SELECT seq, cluster, api_group, version, resource, kind, namespace, name, uid, event_type,"
        + " observed_at, resource_version FROM journal" + where.sql() + " ORDER BY seq FETCH FIRST " + q.limit()
        + " ROWS ONLY";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      where.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<JournalEntry> out = new ArrayList<>();
        while (rs.next()) {
          String ns = rs.getString("namespace");
          out.add(new JournalEntry(rs.getLong("seq"), rs.getString("cluster"), Rows.type(rs, !ns.isEmpty()),
              Rows.nullIfEmpty(ns), rs.getString("name"), rs.getString("uid"),
              EventType.valueOf(rs.getString("event_type")), Rows.instant(rs, "observed_at"),
              rs.getString("resource_version"), null));
        }
        return out;
      }
    }
  }
}
