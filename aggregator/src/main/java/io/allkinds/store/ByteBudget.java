package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store under {@code retention.maxBytes} by pruning the oldest journal entries: when the
 * live data exceeds the budget, it prunes as many of the oldest entries as the excess takes, at the
 * size of the oldest entries' bodies plus {@link StoreSize#JOURNAL_ROW_OVERHEAD} each, in batches
 * of {@link Retention#BATCH}. It aims a tenth under the budget, so that the next pass does not
 * prune again at once; what an estimate misses, the next pass (which measures again) prunes. It
 * never re-measures within a pass: an engine's accounting of freed space lags behind deletes, and
 * pruning until the measurement catches up would empty the journal. The latest state of objects is
 * never touched: when the journal is empty and the store still exceeds its budget, it says so.
 */
final class ByteBudget {

  private static final Logger LOG = LoggerFactory.getLogger(ByteBudget.class);
  private static final int SAMPLE = 1000;

  private final long maxBytes;
  private final StoreSize size;
  private final SinkFloor sinks;

  ByteBudget(long maxBytes, StoreSize size, SinkFloor sinks) {
    this.maxBytes = maxBytes;
    this.size = size;
    this.sinks = sinks;
  }

  /** Prunes for the budget; answers how many entries went. Blocking. */
  long enforce(Connection c) throws SQLException {
    if (maxBytes <= 0) {
      return 0;
    }
    long live = live(c);
    if (live <= maxBytes) {
      return 0;
    }
    long entries = count(c);
    if (entries == 0) {
      LOG.warn(
          "retention: the store holds {} bytes of live data with an empty journal, over"
              + " retention.maxBytes={}: the latest state of objects alone exceeds the budget",
          live,
          maxBytes);
      return 0;
    }
    long excess = live - (maxBytes - maxBytes / 10);
    long perEntry = oldestEntryBytes(c);
    long n = Math.min(entries, Math.max(Retention.BATCH, (excess + perEntry - 1) / perEntry));
    long upTo = seqAt(c, n);
    sinks.skipUpTo(c, upTo); // the disk comes first: sinks behind are told what they miss
    long removed = Retention.pruneJournal(c, upTo);
    LOG.info(
        "retention: {} bytes of live data over retention.maxBytes={}: pruned the {} oldest journal"
            + " entries (about {} bytes each)",
        live,
        maxBytes,
        removed,
        perEntry);
    return removed;
  }

  /** What one of the oldest entries takes: its body, as stored, and its row's other columns. */
  private static long oldestEntryBytes(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT AVG(OCTET_LENGTH(body)) FROM (SELECT body FROM journal ORDER BY seq"
                + " FETCH FIRST "
                + SAMPLE
                + " ROWS ONLY) oldest")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Math.max(1, rs.getLong(1)) + StoreSize.JOURNAL_ROW_OVERHEAD;
      }
    }
  }

  private long live(Connection c) throws SQLException {
    if (StoreSize.isH2(c)) {
      // Deleted rows count as free once their chunk is written.
      try (var st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
    }
    return size.liveBytes(c);
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The seq of the {@code n}th oldest entry. */
  private static long seqAt(Connection c, long n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq FROM journal ORDER BY seq OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
      ps.setLong(1, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
