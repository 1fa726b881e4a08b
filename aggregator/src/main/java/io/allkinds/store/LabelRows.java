package io.allkinds.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code object_labels} in step with an object's labels, and renders labels as stable JSON.
 * The rows name their object by its search id, which changes exactly when its labels do.
 */
final class LabelRows {

  /** Deletes the label rows of one search id. */
  static final String DELETE = "DELETE FROM object_labels WHERE search_id = ?";

  private static final String INSERT =
      "INSERT INTO object_labels (search_id, type_hash, label_key, label_value)"
          + " VALUES (?, ?, ?, ?)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BatchStatements statements;

  LabelRows(BatchStatements statements) {
    this.statements = statements;
  }

  /** The labels as JSON with sorted keys, so that equal label sets compare equal as text. */
  String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels cannot be written as JSON", e);
    }
  }

  /** Deletes, at once, the stored labels of the object whose search id is {@code searchId}. */
  void delete(long searchId) throws SQLException {
    PreparedStatement del = statements.get(DELETE);
    del.setLong(1, searchId);
    del.executeUpdate();
  }

  /**
   * Inserts the labels of an object of {@code type} under its new search id {@code searchId}, which
   * has none stored, now or queued in the JDBC batch.
   */
  void insert(long searchId, TypeKey type, Map<String, String> labels, BatchStatements.Run run)
      throws SQLException {
    if (labels.isEmpty()) {
      return;
    }
    PreparedStatement ins = statements.get(INSERT);
    int hash = TypeHash.of(type.cluster(), type.type().group(), type.type().resource());
    for (var e : labels.entrySet()) {
      ins.setLong(1, searchId);
      ins.setInt(2, hash);
      ins.setString(3, e.getKey());
      ins.setString(4, e.getValue() == null ? "" : e.getValue());
      ins.addBatch();
    }
    if (run == BatchStatements.Run.QUEUED) {
      statements.queued(ins);
    } else {
      ins.executeBatch();
    }
  }
}
