package io.allkinds.store;

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
 * Schema version 7.1: copies every label row of version 6 (named by the object's key, in {@code
 * object_labels_v1}) into {@code object_labels} under the object's search id and its type's hash. A
 * Java migration because the hash is Java's ({@link TypeHash}); each type is one set-based INSERT,
 * so the rows themselves never leave the database.
 */
final class CopyLabelsBySearchId extends StoreMigration {

  private static final Logger LOG = LoggerFactory.getLogger(CopyLabelsBySearchId.class);
  private static final String TYPES =
      "SELECT DISTINCT cluster, api_group, resource FROM object_labels_v1";
  private static final String COPY =
      "INSERT INTO object_labels (search_id, type_hash, label_key, label_value)"
          + " SELECT o.search_id, ?, l.label_key, l.label_value FROM object_labels_v1 l"
          + " JOIN objects o ON o.cluster = l.cluster AND o.api_group = l.api_group"
          + " AND o.resource = l.resource AND o.namespace = l.namespace AND o.name = l.name"
          + " WHERE l.cluster = ? AND l.api_group = ? AND l.resource = ?";

  private record Type(String cluster, String group, String resource) {}

  CopyLabelsBySearchId() {
    super("7.1", "copy labels by search id");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    List<Type> types = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(TYPES);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        types.add(new Type(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    long copied = 0;
    try (PreparedStatement copy = c.prepareStatement(COPY)) {
      for (Type t : types) {
        copy.setInt(1, TypeHash.of(t.cluster(), t.group(), t.resource()));
        copy.setString(2, t.cluster());
        copy.setString(3, t.group());
        copy.setString(4, t.resource());
        copied += copy.executeUpdate();
      }
    }
    if (copied > 0) {
      LOG.info("store: {} label rows of {} types now keyed by search id", copied, types.size());
    }
  }
}
