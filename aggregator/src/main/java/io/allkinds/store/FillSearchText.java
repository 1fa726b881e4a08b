package io.allkinds.store;

import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 4: fills {@code objects.search_text} of the rows stored before version 3 added it,
 * once. A Java migration because the text is built from the labels' JSON in map order, which SQL
 * cannot compute alike on H2 and PostgreSQL; registered by {@link Database} so it stays in the
 * store package (and package-private) instead of a {@code db.migration} class-path package.
 */
final class FillSearchText extends StoreMigration {

  private static final Logger LOG = LoggerFactory.getLogger(FillSearchText.class);
  private static final int BATCH = 1000;
  private static final String FIND =
      "SELECT cluster, api_group, resource, namespace, name, labels FROM objects"
          + " WHERE search_text IS NULL FETCH FIRST "
          + BATCH
          + " ROWS ONLY";
  private static final String FILL = "UPDATE objects SET search_text = ?" + ObjectKeySql.WHERE;

  private record Row(ObjectKey key, String labels) {}

  FillSearchText() {
    super("4", "fill search text");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    long filled = fill(context.getConnection());
    if (filled > 0) {
      LOG.info(
          "store: filled the search text of {} objects stored before schema version 3", filled);
    }
  }

  /** Fills every row without a search text, a batch at a time; returns how many were filled. */
  private static long fill(Connection c) throws SQLException {
    long filled = 0;
    try (PreparedStatement find = c.prepareStatement(FIND);
        PreparedStatement update = c.prepareStatement(FILL)) {
      while (true) {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            rows.add(new Row(Rows.key(rs), rs.getString(6)));
          }
        }
        for (Row r : rows) {
          update.setString(1, SearchText.ofStored(r.key(), r.labels()));
          ObjectKeySql.bind(update, 2, r.key());
          update.addBatch();
        }
        update.executeBatch();
        filled += rows.size();
        if (rows.size() < BATCH) {
          return filled;
        }
        if (filled % 100_000 == 0) {
          LOG.info(
              "store: filling the search text of objects stored before schema version 3: {} so far",
              filled);
        }
      }
    }
  }
}
