package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 12.1: gives every edge set stored before version 12 its source key ({@link
 * EdgeSourceKey}), which version 12.2 indexes instead of the five text columns. A Java migration
 * because the keys are Java's hashes; the sets are updated in batches by their primary key.
 */
final class FillEdgeSourceKeys extends StoreMigration {

  private static final Logger LOG = LoggerFactory.getLogger(FillEdgeSourceKeys.class);
  private static final int BATCH = 1_000;
  private static final String READ =
      "SELECT cluster, api_group, resource, namespace, name, from_seq FROM object_edge_sets"
          + " WHERE source_key IS NULL";
  private static final String UPDATE =
      "UPDATE object_edge_sets SET source_key = ? WHERE from_seq = ?";

  FillEdgeSourceKeys() {
    super("12.1", "fill edge source keys");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    long sets = 0;
    try (Statement st = c.createStatement();
        PreparedStatement update = c.prepareStatement(UPDATE)) {
      st.setFetchSize(BATCH);
      try (ResultSet rs = st.executeQuery(READ)) {
        while (rs.next()) {
          update.setLong(1, EdgeSourceKey.of(Rows.key(rs)));
          update.setLong(2, rs.getLong(6));
          update.addBatch();
          if (++sets % BATCH == 0) {
            update.executeBatch();
          }
        }
      }
      update.executeBatch();
    }
    if (sets > 0) {
      LOG.info("store: gave {} edge sets their source key", sets);
    }
  }
}
