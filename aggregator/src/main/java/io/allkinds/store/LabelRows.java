package io.allkinds.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.ObjectKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code object_labels} in step with an object's labels, and renders labels as stable JSON.
 */
final class LabelRows {

  private static final String DELETE = "DELETE FROM object_labels" + ObjectKeySql.WHERE;
  private static final String INSERT =
      "INSERT INTO object_labels (cluster, api_group, resource, namespace, name,"
          + " label_key, label_value) VALUES (?, ?, ?, ?, ?, ?, ?)";
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

  /** Deletes the stored labels of one object, at once. */
  void delete(ObjectKey key) throws SQLException {
    PreparedStatement del = statements.get(DELETE);
    ObjectKeySql.bind(del, 1, key);
    del.executeUpdate();
  }

  /** Inserts the labels of one object that has none stored, now or queued in the JDBC batch. */
  void insert(ObjectKey key, Map<String, String> labels, BatchStatements.Run run)
      throws SQLException {
    if (labels.isEmpty()) {
      return;
    }
    PreparedStatement ins = statements.get(INSERT);
    for (var e : labels.entrySet()) {
      int i = ObjectKeySql.bind(ins, 1, key);
      ins.setString(i++, e.getKey());
      ins.setString(i, e.getValue() == null ? "" : e.getValue());
      ins.addBatch();
    }
    if (run == BatchStatements.Run.QUEUED) {
      statements.queued(ins);
    } else {
      ins.executeBatch();
    }
  }
}
