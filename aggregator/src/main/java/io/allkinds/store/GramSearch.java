package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Narrows a {@code q=} search on H2 with the trigram index {@code object_grams}: the objects that
 * have every trigram of q that is rare enough to read, plus those whose text is past the index's
 * cap, plus those the {@link SearchIndexer} has not indexed yet. The LIKE on {@code search_text}
 * then confirms each candidate, so hash collisions and trigrams in the wrong order cost time, never
 * a wrong answer.
 */
final class GramSearch {

  /** A gram in more objects than this is not read: it narrows too little for its cost. */
  static final int COMMON = 5_000;

  /** Once this few candidates remain, the LIKE checks them faster than more grams would. */
  static final int FEW = 16;

  private static final String READ =
      "SELECT k FROM object_grams WHERE k BETWEEN ? AND ? ORDER BY k FETCH FIRST "
          + (COMMON + 1)
          + " ROWS ONLY";
  private static final String NOT_INDEXED =
      "SELECT search_id FROM objects WHERE search_id > ? ORDER BY search_id FETCH FIRST "
          + (COMMON + 1)
          + " ROWS ONLY";

  private GramSearch() {}

  /**
   * The sorted search ids of every object whose search text may contain {@code q}, or null when the
   * index cannot narrow the search: q shorter than 3 code points, or every trigram of q (or the
   * objects past the cap, or those not indexed yet) too common; then only a scan answers.
   */
  static long[] candidates(Connection c, String q) throws SQLException {
    int[] codes = SearchGrams.queryCodes(q);
    if (codes == null) {
      return null;
    }
    // The head first: the grams of every object at or below it were committed with it, so the
    // index read next has them all, whatever the indexer commits meanwhile.
    long indexedTo = SearchIndexer.indexedTo(c);
    long[] notIndexed;
    try (PreparedStatement read = Rows.prepare(c, NOT_INDEXED)) {
      read.setLong(1, indexedTo);
      notIndexed = ids(read, rs -> rs.getLong(1));
    }
    if (notIndexed == null) {
      return null;
    }
    try (PreparedStatement read = Rows.prepare(c, READ)) {
      long[] found = null;
      // From q's end: names share their beginnings (kube-, app-, obj-) more than their ends, so
      // the rare grams, which narrow the search soonest, tend to come last.
      for (int i = codes.length - 1; i >= 0; i--) {
        long[] ids = ids(read, codes[i]);
        if (ids != null) {
          found = found == null ? ids : intersect(found, ids);
          if (found.length <= FEW) {
            break;
          }
        }
      }
      if (found == null) {
        return null;
      }
      long[] overflow = ids(read, SearchGrams.OVERFLOW);
      return overflow == null ? null : union(union(found, overflow), notIndexed);
    }
  }

  /**
   * The sorted search ids that have the gram {@code code}, or null if more than {@link #COMMON}.
   */
  private static long[] ids(PreparedStatement read, int code) throws SQLException {
    read.setLong(1, SearchGrams.first(code));
    read.setLong(2, SearchGrams.last(code));
    return ids(read, rs -> SearchGrams.id(rs.getLong(1)));
  }

  /** How a search id is read from a result row. */
  private interface IdColumn {
    long id(ResultSet rs) throws SQLException;
  }

  /** The sorted ids the query answers, or null if more than {@link #COMMON}. */
  private static long[] ids(PreparedStatement read, IdColumn column) throws SQLException {
    long[] ids = new long[64];
    int n = 0;
    try (ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        if (n == COMMON) {
          return null;
        }
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
        }
        ids[n++] = column.id(rs);
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /** The ids in both sorted arrays, sorted. */
  static long[] intersect(long[] a, long[] b) {
    long[] out = new long[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        out[n++] = a[i];
        i++;
        j++;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The ids in either sorted array, sorted, without duplicates. */
  static long[] union(long[] a, long[] b) {
    if (b.length == 0) {
      return a;
    }
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return Arrays.stream(all).sorted().distinct().toArray();
  }
}
