package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How much disk the store takes, and how much of that is live data. On H2, the file's size and,
 * from its fill rates, the part still referenced (a file shrinks only when compacted); on
 * PostgreSQL, the size of our tables with their indexes and TOAST, and for live data the journal
 * measured row by row (freed space stays in the table for reuse). The last size measured is kept
 * for metrics and the API, which never measure themselves.
 */
public final class StoreSize {

  /** Bytes a journal row takes besides its body: row header, keys, its entries in 3 indexes. */
  static final long JOURNAL_ROW_OVERHEAD = 400;

  private static final String H2_INFO =
      "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN"
          + " ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE')";
  private static final String PG_TABLES =
      "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0),"
          + " COALESCE(SUM(CASE WHEN c.relname = 'journal'"
          + " THEN pg_total_relation_size(c.oid) ELSE 0 END), 0)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind = 'r' AND n.nspname = current_schema()";
  private static final String PG_JOURNAL_LIVE =
      "SELECT COUNT(*), COALESCE(SUM(pg_column_size(body)), 0) FROM journal";

  private final DataSource dataSource;
  private final long maxBytes;
  private volatile long bytes = -1;

  /** Measures the store behind {@code dataSource}, whose budget is {@code maxBytes} (0: none). */
  public StoreSize(DataSource dataSource, long maxBytes) {
    this.dataSource = dataSource;
    this.maxBytes = maxBytes;
  }

  /** The store's disk budget, {@code retention.maxBytes}; 0 for none. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The size last measured, in bytes; -1 before the first measurement or if unknown. */
  public long bytes() {
    return bytes;
  }

  /** Measures the size now and keeps it; blocking, call it on a worker. */
  public long refresh() {
    try (Connection c = dataSource.getConnection()) {
      return measure(c);
    } catch (SQLException e) {
      throw new StoreException("cannot measure the store's size: " + e.getMessage(), e);
    }
  }

  /** The store's size on disk, in bytes (-1 for a store without a file); kept as {@link #bytes}. */
  long measure(Connection c) throws SQLException {
    long size;
    if (isH2(c)) {
      Map<String, Long> info = h2Info(c);
      size = info.getOrDefault("info.FILE_SIZE", -1L);
    } else {
      try (PreparedStatement ps = c.prepareStatement(PG_TABLES);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        size = rs.getLong(1);
      }
    }
    bytes = size;
    return size;
  }

  /**
   * The bytes of live data: what the store would take with no free space in it. On PostgreSQL this
   * reads every journal row (not their bodies), so it is measured only when over a budget.
   */
  long liveBytes(Connection c) throws SQLException {
    if (isH2(c)) {
      return h2LiveBytes(c);
    }
    long all;
    long journal;
    try (PreparedStatement ps = c.prepareStatement(PG_TABLES);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      all = rs.getLong(1);
      journal = rs.getLong(2);
    }
    try (PreparedStatement ps = c.prepareStatement(PG_JOURNAL_LIVE);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return all - journal + rs.getLong(1) * JOURNAL_ROW_OVERHEAD + rs.getLong(2);
    }
  }

  /**
   * The live part of an H2 store, from its fill rates: the share of the file's blocks that chunks
   * hold, times the share of those chunks' pages still referenced; -1 without a file.
   */
  static long h2LiveBytes(Connection c) throws SQLException {
    Map<String, Long> info = h2Info(c);
    long file = info.getOrDefault("info.FILE_SIZE", -1L);
    if (file < 0) {
      return -1;
    }
    return file
        * info.getOrDefault("info.FILL_RATE", 100L)
        / 100
        * info.getOrDefault("info.CHUNKS_FILL_RATE", 100L)
        / 100;
  }

  static boolean isH2(Connection c) throws SQLException {
    return "H2".equals(c.getMetaData().getDatabaseProductName());
  }

  private static Map<String, Long> h2Info(Connection c) throws SQLException {
    Map<String, Long> info = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(H2_INFO);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        info.put(rs.getString(1), Long.parseLong(rs.getString(2)));
      }
    }
    return info;
  }
}
