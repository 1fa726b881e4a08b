package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The one spelling of an object's primary key in SQL ({@code objects} and {@code journal} share
 * it), and its binder, so that the column order is written once.
 */
final class ObjectKeySql {

  /** The key's condition, for a table without an alias: five parameters, bound by {@link #bind}. */
  static final String MATCHES =
      "cluster = ? AND api_group = ? AND resource = ? AND namespace = ? AND name = ?";

  /** {@link #MATCHES} as a whole WHERE clause, with its leading space. */
  static final String WHERE = " WHERE " + MATCHES;

  private ObjectKeySql() {}

  /** Binds the key's five parameters from {@code index}; answers the next free index. */
  static int bind(PreparedStatement ps, int index, ObjectKey key) throws SQLException {
    ps.setString(index++, key.cluster());
    ps.setString(index++, key.group());
    ps.setString(index++, key.resource());
    ps.setString(index++, key.namespace());
    ps.setString(index++, key.name());
    return index;
  }
}
