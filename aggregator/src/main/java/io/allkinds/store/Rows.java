package io.allkinds.store;

import io.allkinds.model.ChangeFacts;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Reads the columns shared by several queries, and prepares API queries with their time limit. */
final class Rows {

  /**
   * Every API query is cancelled after this many seconds (JDBC statement timeout; PostgreSQL and H2
   * both report SQLSTATE 57014), so that no request holds a connection and a thread for long.
   */
  static final int QUERY_TIMEOUT_SECONDS = 20;

  /** The journal columns {@link #journalEntry} reads (the body apart: it is read on its own). */
  static final String JOURNAL_COLUMNS =
      "seq, cluster, api_group, version, resource, kind, namespace, name, uid, event_type,"
          + " observed_at, resource_version, changed_paths, actors, applied_by";

  private final BodyCodec codec;

  Rows(BodyCodec codec) {
    this.codec = codec;
  }

  /** A statement for an API query, with the time limit set. */
  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    return ps;
  }

  /**
   * The exception an API query's failure becomes: a {@link QueryTooSlowException} naming what to
   * narrow when it ran out of time, a {@link StoreException} saying what could not be read
   * otherwise.
   */
  static StoreException failure(SQLException e, String reading, String narrow) {
    if (timedOut(e)) {
      return new QueryTooSlowException(
          reading
              + " took longer than "
              + QUERY_TIMEOUT_SECONDS
              + " s and was cancelled; "
              + narrow,
          e);
    }
    return new StoreException("cannot read " + reading + ": " + e.getMessage(), e);
  }

  static boolean timedOut(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s instanceof SQLTimeoutException || "57014".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instant in a column: {@link SqlTime#read}, kept under this name only for the callers that
   * still use it (StatusQueries); new code calls {@link SqlTime#read}.
   */
  /**
   * A journal row as an entry without its body, from the columns {@link #JOURNAL_COLUMNS} names.
   */
  static JournalEntry journalEntry(ResultSet rs) throws SQLException {
    String ns = rs.getString("namespace");
    return new JournalEntry(
        rs.getLong("seq"),
        rs.getString("cluster"),
        type(rs, !ns.isEmpty()),
        nullIfEmpty(ns),
        rs.getString("name"),
        rs.getString("uid"),
        EventType.valueOf(rs.getString("event_type")),
        SqlTime.read(rs, "observed_at"),
        rs.getString("resource_version"),
        null,
        ChangeFacts.fromStored(
            rs.getString("changed_paths"), rs.getString("actors"), rs.getString("applied_by")));
  }

  /**
   * The object key in the result's first five columns, selected in {@link ObjectKeySql}'s order
   * (cluster, api_group, resource, namespace, name).
   */
  static ObjectKey key(ResultSet rs) throws SQLException {
    return new ObjectKey(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
  }

  static ResourceType type(ResultSet rs, boolean namespaced) throws SQLException {
    return new ResourceType(
        rs.getString("api_group"),
        rs.getString("version"),
        rs.getString("resource"),
        rs.getString("kind"),
        namespaced);
  }

  static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  String body(ResultSet rs) throws SQLException {
    byte[] json = bodyBytes(rs);
    return json == null ? null : new String(json, StandardCharsets.UTF_8);
  }

  /** A body as stored (compressed) to JSON bytes; null stays null. */
  byte[] inflate(byte[] stored) {
    return stored == null ? null : codec.decode(stored);
  }

  /** The stored body as JSON bytes, inflated once and not copied into a String. */
  byte[] bodyBytes(ResultSet rs) throws SQLException {
    byte[] stored = rs.getBytes("body");
    return stored == null ? null : codec.decode(stored);
  }
}
