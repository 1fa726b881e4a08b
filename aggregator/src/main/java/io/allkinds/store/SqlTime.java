package io.allkinds.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from SQL timestamp columns: always as UTC {@link OffsetDateTime}, which H2 and
 * PostgreSQL both map to {@code TIMESTAMP WITH TIME ZONE} without a session time zone in between.
 */
final class SqlTime {

  private SqlTime() {}

  /** The parameter value of an instant, or null. */
  static OffsetDateTime of(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The instant in a column, or null. */
  static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The instant in a column given by position, or null. */
  static Instant read(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
