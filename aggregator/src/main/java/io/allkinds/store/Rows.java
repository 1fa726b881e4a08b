package io.allkinds.store;

import io.allkinds.model.ResourceType;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads the columns shared by several queries. */
final class Rows {

  private final BodyCodec codec;

  Rows(BodyCodec codec) {
    this.codec = codec;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static ResourceType type(ResultSet rs, boolean namespaced) throws SQLException {
    return new ResourceType(rs.getString("api_group"), rs.getString("version"), rs.getString("resource"),
        rs.getString("kind"), namespaced);
  }

  static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  String body(ResultSet rs) throws SQLException {
    byte[] stored = rs.getBytes("body");
    return stored == null ? null : new String(codec.decode(stored), StandardCharsets.UTF_8);
  }
}
