package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.HistoryPage;
import io.allkinds.model.HistoryQuery;
import io.allkinds.model.JournalEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Answers "what happened to X": one object's journal entries with their bodies, oldest first. */
public final class HistoryQueries {

  private static final String COLUMNS = "seq, cluster, api_group, version, resource, kind, namespace, name, uid,"
      + " event_type, observed_at, resource_version, body";

  private final DataSource dataSource;
  private final Rows rows;

  public HistoryQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /** The page, or null when the object's kind is not known in that cluster. */
  public HistoryPage history(HistoryQuery q) {
    try (Connection c = dataSource.getConnection()) {
      Where identity = new Where();
      if (q.uid() != null) {
        identity.add("uid = ?", q.uid());
      } else {
        List<KindResolver.GroupResource> types = KindResolver.resolve(c, List.of(q.cluster()), q.group(), q.version(),
            q.kind(), null);
        if (types.isEmpty()) {
          return null;
        }
        identity.add("cluster = ?", q.cluster());
        KindResolver.restrict(identity, "", types);
        identity.add("namespace = ?", q.namespace() == null ? "" : q.namespace()).add("name = ?", q.name());
      }
      List<JournalEntry> items = new ArrayList<>();
      String sql = "SELECT " + COLUMNS + " FROM journal" + identity.sql() + " AND seq > ? ORDER BY seq FETCH FIRST "
          + q.limit() + " ROWS ONLY";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(identity.bind(ps), q.afterSeq());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String ns = rs.getString("namespace");
            items.add(new JournalEntry(rs.getLong("seq"), rs.getString("cluster"), Rows.type(rs, !ns.isEmpty()),
                Rows.nullIfEmpty(ns), rs.getString("name"), rs.getString("uid"),
                EventType.valueOf(rs.getString("event_type")), Rows.instant(rs, "observed_at"),
                rs.getString("resource_version"), rows.body(rs)));
          }
        }
      }
      String previous = null;
      if (q.afterSeq() > 0 && !items.isEmpty()) {
        String prevSql = "SELECT body FROM journal" + identity.sql() + " AND seq <= ? ORDER BY seq DESC"
            + " FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(prevSql)) {
          ps.setLong(identity.bind(ps), q.afterSeq());
          try (ResultSet rs = ps.executeQuery()) {
            previous = rs.next() ? rows.body(rs) : null;
          }
        }
      }
      Long next = items.size() < q.limit() ? null : items.get(items.size() - 1).seq();
      return new HistoryPage(items, previous, next);
    } catch (SQLException e) {
      throw new StoreException("cannot read history: " + e.getMessage(), e);
    }
  }
}
