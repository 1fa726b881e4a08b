package io.allkinds.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.allkinds.model.ResourceType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code object_labels} in step with an object's labels, and renders labels as stable JSON.
 */
final class LabelRows {

  /** Hands out the batch's prepared statements. */
  interface Statements {
    PreparedStatement get(String sql) throws SQLException;
  }

  private static final String PK =
      " WHERE cluster = ? AND api_group = ? AND resource = ? AND namespace = ? AND name = ?";
  private static final String DELETE = "DELETE FROM object_labels" + PK;
  private static final String INSERT =
      "INSERT INTO object_labels (cluster, api_group, resource, namespace, name,"
          + " label_key, label_value) VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Statements statements;

  LabelRows(Statements statements) {
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

  /**
   * Replaces the stored labels of one object; {@code hadRows} false skips the delete for a new
   * object. With {@code deferTo}, the inserts stay queued in their JDBC batch and the statement is
   * handed over to be run later.
   */
  void replace(
      String cluster,
      ResourceType type,
      String namespace,
      String name,
      boolean hadRows,
      Map<String, String> labels,
      java.util.function.Consumer<PreparedStatement> deferTo)
      throws SQLException {
    if (hadRows) {
      PreparedStatement del = statements.get(DELETE);
      bind(del, cluster, type, namespace, name);
      del.executeUpdate();
    }
    if (labels.isEmpty()) {
      return;
    }
    PreparedStatement ins = statements.get(INSERT);
    for (var e : labels.entrySet()) {
      bind(ins, cluster, type, namespace, name);
      ins.setString(6, e.getKey());
      ins.setString(7, e.getValue() == null ? "" : e.getValue());
      ins.addBatch();
    }
    if (deferTo != null) {
      deferTo.accept(ins);
    } else {
      ins.executeBatch();
    }
  }

  private static void bind(
      PreparedStatement ps, String cluster, ResourceType type, String namespace, String name)
      throws SQLException {
    ps.setString(1, cluster);
    ps.setString(2, type.group());
    ps.setString(3, type.resource());
    ps.setString(4, namespace);
    ps.setString(5, name);
  }
}
