package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The rows of H2's trigram index {@code object_grams} (see {@link SearchGrams}): the writer removes
 * those of a search text it replaces, in its transaction, and {@link SearchIndexer} adds those of
 * new texts behind it; on other engines, which index the search text themselves, it writes nothing.
 */
final class GramRows {

  static final String INSERT = "INSERT INTO object_grams (k) VALUES (?)";
  static final String DELETE = "DELETE FROM object_grams WHERE k = ?";
  private static final String STORED =
      "SELECT search_id, search_text FROM objects" + ObjectKeySql.WHERE;

  private final BatchStatements statements;
  private final boolean enabled;

  GramRows(BatchStatements statements, boolean enabled) {
    this.statements = statements;
    this.enabled = enabled;
  }

  /** Whether the store behind {@code c} keeps the trigram index: the embedded H2 does. */
  static boolean kept(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toUpperCase(Locale.ROOT).equals("H2");
  }

  /** Removes, at once, the grams of the search text the object's row holds now. */
  void deleteStored(ObjectKey key) throws SQLException {
    if (!enabled) {
      return;
    }
    PreparedStatement find = statements.get(STORED);
    ObjectKeySql.bind(find, 1, key);
    try (ResultSet rs = find.executeQuery()) {
      if (!rs.next() || rs.getObject(1) == null) {
        return;
      }
      PreparedStatement del = statements.get(DELETE);
      add(del, rs.getLong(1), rs.getString(2));
      del.executeBatch();
    }
  }

  /** Adds one key per gram of {@code text} under {@code id} to the batch of {@code ps}. */
  static void add(PreparedStatement ps, long id, String text) throws SQLException {
    for (int code : SearchGrams.codes(text)) {
      ps.setLong(1, SearchGrams.key(code, id));
      ps.addBatch();
    }
  }
}
