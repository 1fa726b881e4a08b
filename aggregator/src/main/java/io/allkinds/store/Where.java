package io.allkinds.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from optional filters, every value bound as a parameter. */
final class Where {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  /** Adds {@code sql} with its parameters when {@code value} is not null or empty. */
  Where when(Object value, String sql, Object... sqlParams) {
    if (value == null
        || (value instanceof String s && s.isEmpty())
        || (value instanceof List<?> l && l.isEmpty())) {
      return this;
    }
    return add(sql, sqlParams);
  }

  /**
   * {@code column = ?} when {@code value} is not null; the empty string is a real value (the core
   * group).
   */
  Where eq(String column, String value) {
    return value == null ? this : add(column + " = ?", value);
  }

  Where add(String sql, Object... sqlParams) {
    conditions.add(sql);
    params.addAll(List.of(sqlParams));
    return this;
  }

  /** {@code column IN (?, ?, ...)} for a non-empty list. */
  Where in(String column, List<?> values) {
    if (values.isEmpty()) {
      return this;
    }
    conditions.add(
        column + " IN (" + String.join(", ", values.stream().map(v -> "?").toList()) + ")");
    params.addAll(values);
    return this;
  }

  /** Appends another clause's conditions and parameters. */
  Where merge(Where other) {
    conditions.addAll(other.conditions);
    params.addAll(other.params);
    return this;
  }

  String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** Binds the parameters from index 1 and returns the next free index. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Object p : params) {
      ps.setObject(i++, p);
    }
    return i;
  }
}
