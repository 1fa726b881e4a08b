package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 5.2, H2 only: fills the trigram index {@code object_grams} (created by 5.1) from
 * the search text of every object stored before it, once. A Java migration because the grams are
 * cut and hashed by {@link SearchGrams}, as the writer does; registered by {@link Database} for H2
 * stores only (PostgreSQL indexes the search text with pg_trgm).
 */
final class FillSearchGrams extends StoreMigration {

  private static final Logger LOG = LoggerFactory.getLogger(FillSearchGrams.class);
  private static final int BATCH = 1000;
  private static final String FIND =
      "SELECT search_id, search_text FROM objects WHERE search_id > ? ORDER BY search_id"
          + " FETCH FIRST "
          + BATCH
          + " ROWS ONLY";

  FillSearchGrams() {
    super("5.2", "fill search grams");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    long filled = fill(context.getConnection());
    if (filled > 0) {
      LOG.info("store: indexed the search text of {} objects for q= (schema version 5.2)", filled);
    }
  }

  /** Indexes every object's search text, in search id order; returns how many were indexed. */
  static long fill(Connection c) throws SQLException {
    long filled = 0;
    long after = -1;
    try (PreparedStatement find = c.prepareStatement(FIND);
        PreparedStatement insert = c.prepareStatement(GramRows.INSERT)) {
      while (true) {
        find.setLong(1, after);
        int rows = 0;
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            after = rs.getLong(1);
            GramRows.add(insert, after, rs.getString(2));
            rows++;
          }
        }
        insert.executeBatch();
        filled += rows;
        if (rows < BATCH) {
          return filled;
        }
        if (filled % 100_000 == 0) {
          LOG.info("store: indexing the search text of stored objects for q=: {} so far", filled);
        }
      }
    }
  }
}
