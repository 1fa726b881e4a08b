package io.allkinds.store;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 10.1: copies every relationship of version 9 ({@code object_edges}, a row per
 * edge) into sets ({@code object_edge_sets}, a row per object and starting entry, with its first
 * two target keys) and their further targets ({@code object_edge_targets}). A Java migration
 * because the target keys are Java's hashes ({@link EdgeTargetKey}); the rows stream in source
 * order and are inserted in batches.
 */
final class CopyEdgesToSets extends StoreMigration {

  private static final Logger LOG = LoggerFactory.getLogger(CopyEdgesToSets.class);
  private static final int BATCH = 1_000;
  private static final String READ =
      "SELECT cluster, api_group, resource, namespace, name, from_seq, to_seq, relation,"
          + " target_group, target_kind, target_namespace, target_name, target_uid"
          + " FROM object_edges ORDER BY cluster, api_group, resource, namespace, name, from_seq";
  private static final String INSERT_SET =
      "INSERT INTO object_edge_sets (from_seq, cluster, api_group, resource, namespace, name,"
          + " to_seq, first_target, second_target, edges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TARGET =
      "INSERT INTO object_edge_targets (target_key, set_seq) VALUES (?, ?)";

  /** One set being gathered: its source, seqs and edges. */
  private record Gathered(ObjectKey source, long fromSeq, Long toSeq, List<ObjectEdge> edges) {}

  CopyEdgesToSets() {
    super("10.1", "copy edges to sets");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    long sets = 0;
    try (Statement st = c.createStatement();
        PreparedStatement set = c.prepareStatement(INSERT_SET);
        PreparedStatement target = c.prepareStatement(INSERT_TARGET)) {
      st.setFetchSize(BATCH);
      Gathered open = null;
      try (ResultSet rs = st.executeQuery(READ)) {
        while (rs.next()) {
          ObjectKey source = Rows.key(rs);
          long fromSeq = rs.getLong(6);
          long toSeq = rs.getLong(7);
          Long to = rs.wasNull() ? null : toSeq;
          if (open == null || !open.source().equals(source) || open.fromSeq() != fromSeq) {
            if (open != null) {
              add(set, target, open);
              if (sets % BATCH == 0) {
                flush(set, target);
              }
            }
            open = new Gathered(source, fromSeq, to, new ArrayList<>());
            sets++;
          }
          open.edges()
              .add(
                  new ObjectEdge(
                      EdgeRelation.ofStored(rs.getString(8)),
                      rs.getString(9),
                      rs.getString(10),
                      rs.getString(11),
                      rs.getString(12),
                      rs.getString(13)));
        }
      }
      if (open != null) {
        add(set, target, open);
      }
      flush(set, target);
    }
    if (sets > 0) {
      LOG.info("store: relationships of {} objects' versions now kept as sets", sets);
    }
  }

  /** Adds one set and its targets to the batches. */
  private static void add(PreparedStatement set, PreparedStatement target, Gathered g)
      throws SQLException {
    ObjectKey k = g.source();
    set.setLong(1, g.fromSeq());
    ObjectKeySql.bind(set, 2, k);
    if (g.toSeq() == null) {
      set.setNull(7, Types.BIGINT);
    } else {
      set.setLong(7, g.toSeq());
    }
    List<Long> targets = EdgeTargetKey.ofSet(k.cluster(), g.edges());
    // As text, the column of version 10 (version 11 writes UTF-8 bytes beside it, and reads both).
    set.setString(EdgeTargetKey.bindOnSet(set, 8, targets), EdgeText.encode(g.edges()));
    set.addBatch();
    for (long t : EdgeTargetKey.beyondSet(targets)) {
      target.setLong(1, t);
      target.setLong(2, g.fromSeq());
      target.addBatch();
    }
  }

  private static void flush(PreparedStatement set, PreparedStatement target) throws SQLException {
    set.executeBatch();
    target.executeBatch();
  }
}
