package io.allkinds.store;

import io.allkinds.model.EventType;
import io.allkinds.model.HistoryPage;
import io.allkinds.model.HistoryQuery;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.JournalSink;
import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Answers "what happened to X": one object's journal entries with their bodies, oldest first,
 * handed over one at a time so that a page of large objects is never held whole in memory.
 */
public final class HistoryQueries {

  private static final String ONE =
      "SELECT " + Rows.JOURNAL_COLUMNS + ", body FROM journal WHERE seq = ?";

  /** Entries {@link #bodies} reads per query: a round trip per chunk, not per entry. */
  static final int CHUNK = 32;

  /**
   * Up to {@link #CHUNK} entries by seq, the numbers written into the text: PostgreSQL then plans
   * each query on the journal as it is. A prepared {@code seq IN (?, ...)} gets a generic plan
   * after five runs, fixed from when the journal was small: a sequential scan, 0.4 s a query once
   * it held 50,000 entries.
   */
  private static String some(List<Long> seqs) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(Rows.JOURNAL_COLUMNS)
            .append(", body FROM journal WHERE seq IN (");
    for (int i = 0; i < seqs.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(seqs.get(i).longValue());
    }
    return sql.append(')').toString();
  }

  /** The body of an object's entry before a seq: on the journal's per-object index. */
  private static final String BEFORE =
      "SELECT body FROM journal"
          + ObjectKeySql.WHERE
          + " AND seq < ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY";

  private final DataSource dataSource;
  private final Rows rows;

  public HistoryQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.rows = new Rows(codec);
  }

  /**
   * Hands {@code sink} the entries with these sequence numbers, in the order given, each with its
   * body, one at a time; stops when the sink says so. They are read {@link #CHUNK} to a query, so
   * that a page costs a few round trips to the store, not one per entry. With {@code previous}, a
   * MODIFIED entry's object as it was before it (its entry before, if the journal still holds it)
   * is handed to {@link JournalSink#previous} first. Entries retention pruned meanwhile are
   * skipped. Returns the last sequence number handed over (0 when none).
   */
  public long bodies(List<Long> seqs, boolean previous, JournalSink sink) {
    long last = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement before = Rows.prepare(c, BEFORE)) {
      for (int from = 0; from < seqs.size(); from += CHUNK) {
        List<Long> chunk = seqs.subList(from, Math.min(seqs.size(), from + CHUNK));
        Map<Long, Found> found = new HashMap<>();
        try (PreparedStatement some = Rows.prepare(c, some(chunk));
            ResultSet rs = some.executeQuery()) {
          while (rs.next()) {
            JournalEntry e = Rows.journalEntry(rs);
            found.put(e.seq(), new Found(e, rs.getBytes("body")));
          }
        }
        for (long seq : chunk) {
          last = seq;
          Found f = found.get(seq);
          if (f == null) {
            continue;
          }
          if (previous && f.entry().eventType() == EventType.MODIFIED) {
            sink.previous(previousBody(before, f.entry()));
          }
          if (!sink.accept(f.entry(), rows.inflate(f.stored()))) {
            return last;
          }
        }
      }
      return last;
    } catch (SQLException e) {
      throw Rows.failure(e, "journal entries", "retry");
    }
  }

  /** An entry {@link #bodies} read, with its body as stored: inflated only when handed over. */
  @SuppressWarnings("ArrayRecordComponent") // handed on, never compared
  private record Found(JournalEntry entry, byte[] stored) {}

  private byte[] previousBody(PreparedStatement before, JournalEntry e) throws SQLException {
    ObjectKey key =
        new ObjectKey(
            e.cluster(),
            e.type().group(),
            e.type().resource(),
            e.namespace() == null ? "" : e.namespace(),
            e.name());
    before.setLong(ObjectKeySql.bind(before, 1, key), e.seq());
    try (ResultSet rs = before.executeQuery()) {
      return rs.next() ? rows.bodyBytes(rs) : null;
    }
  }

  /**
   * Streams the page to {@code sink} and says how it ended, or returns null when the object's kind
   * is not known in that cluster. The page ends early, with a {@code next}, when the sink says so.
   */
  public HistoryPage stream(HistoryQuery q, JournalSink sink) {
    try (Connection c = dataSource.getConnection()) {
      Where identity = new Where();
      if (q.uid() != null) {
        identity.add("uid = ?", q.uid());
      } else {
        List<KindResolver.GroupResource> types =
            KindResolver.resolve(c, List.of(q.cluster()), q.group(), q.version(), q.kind(), null);
        if (types.isEmpty()) {
          return null;
        }
        identity.add("cluster = ?", q.cluster());
        KindResolver.restrict(identity, "", types);
        identity
            .add("namespace = ?", q.namespace() == null ? "" : q.namespace())
            .add("name = ?", q.name());
      }
      // The sequence numbers first, then one body at a time: a result set of bodies is held whole.
      List<Long> seqs = new ArrayList<>();
      String sql =
          "SELECT seq FROM journal"
              + identity.sql()
              + " AND seq > ? ORDER BY seq FETCH FIRST "
              + q.limit()
              + " ROWS ONLY";
      try (PreparedStatement ps = Rows.prepare(c, sql)) {
        ps.setLong(identity.bind(ps), q.afterSeq());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
          }
        }
      }
      if (q.afterSeq() > 0 && !seqs.isEmpty()) {
        String prevSql =
            "SELECT body FROM journal"
                + identity.sql()
                + " AND seq <= ? ORDER BY seq DESC"
                + " FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement ps = Rows.prepare(c, prevSql)) {
          ps.setLong(identity.bind(ps), q.afterSeq());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              sink.previous(rows.bodyBytes(rs));
            }
          }
        }
      }
      int count = 0;
      try (PreparedStatement one = Rows.prepare(c, ONE)) {
        for (long seq : seqs) {
          one.setLong(1, seq);
          try (ResultSet rs = one.executeQuery()) {
            if (!rs.next()) {
              continue; // pruned by retention between the two reads
            }
            JournalEntry e = Rows.journalEntry(rs);
            count++;
            if (!sink.accept(e, rows.bodyBytes(rs))) {
              boolean last = seq == seqs.get(seqs.size() - 1) && seqs.size() < q.limit();
              return new HistoryPage(count, last ? null : seq);
            }
          }
        }
      }
      return new HistoryPage(count, seqs.size() < q.limit() ? null : seqs.get(seqs.size() - 1));
    } catch (SQLException e) {
      throw Rows.failure(e, "the history", "ask for fewer entries with limit");
    }
  }
}
