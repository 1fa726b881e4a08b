package io.allkinds.kubeapi;

import io.allkinds.model.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A meta.k8s.io Table of stored objects as kube-apiserver makes it: a built-in kind's own columns
 * (see {@link BuiltinColumns}), else NAME and a CRD's printer columns, else NAME and AGE; with each
 * row the object's metadata (a PartialObjectMetadata), so that kubectl can add NAMESPACE and
 * labels, or the whole object when asked.
 */
final class TableRows {

  private static final JsonArray COLUMNS =
      new JsonArray()
          .add(
              column(
                  "Name",
                  "name",
                  "Name must be unique within a namespace. It is required when creating resources,"
                      + " although some resources may allow a client to request the generation of"
                      + " an appropriate name automatically."))
          .add(
              column(
                  "Age",
                  "",
                  "CreationTimestamp is a timestamp representing the server time when this object"
                      + " was created."));

  private final Rendering rendering;
  private final IncludeObject include;
  private final Instant now;
  private final List<PrinterColumn> columns;
  private final Optional<BuiltinTable> builtin;

  /**
   * Rows for a Table at {@code rendering}'s version, carrying {@code include} of each object, with
   * ages as of {@code now}: a {@code builtin} kind's columns, else NAME and AGE, or NAME and a
   * CRD's {@code columns} when it has some.
   */
  TableRows(
      Rendering rendering,
      IncludeObject include,
      Instant now,
      Optional<BuiltinTable> builtin,
      List<PrinterColumn> columns) {
    this.rendering = rendering;
    this.include = include;
    this.now = now;
    this.builtin = builtin;
    this.columns = List.copyOf(columns);
  }

  /** The Table's fields before its rows. */
  JsonObject head() {
    return new JsonObject()
        .put("kind", "Table")
        .put("apiVersion", rendering.tableApiVersion())
        .put("columnDefinitions", definitions());
  }

  /** The row of one stored object, from its JSON. */
  Buffer row(byte[] body) {
    JsonObject object = new JsonObject(Buffer.buffer(body));
    JsonObject meta = object.getJsonObject("metadata", new JsonObject());
    JsonArray cells = new JsonArray();
    if (builtin.isPresent()) {
      builtin.get().cells().of(object, now).forEach(cells::add);
    } else {
      cells.add(meta.getString("name", ""));
      if (columns.isEmpty()) {
        cells.add(Age.of(Timestamps.parseOrNull(meta.getString("creationTimestamp")), now));
      }
      for (PrinterColumn c : columns) {
        cells.add(cell(c, PrinterColumn.find(object, c.jsonPath())));
      }
    }
    JsonObject row = new JsonObject().put("cells", cells);
    switch (include) {
      case NONE -> {
        // the cells only
      }
      case METADATA ->
          row.put(
              "object",
              new JsonObject()
                  .put("kind", "PartialObjectMetadata")
                  .put("apiVersion", rendering.tableApiVersion())
                  .put("metadata", meta));
      case OBJECT -> row.put("object", object);
    }
    return row.toBuffer();
  }

  /** A whole Table of one object (a get). */
  JsonObject single(byte[] body) {
    return head()
        .put("metadata", new JsonObject())
        .put("rows", new JsonArray().add(new JsonObject(row(body))));
  }

  private JsonArray definitions() {
    if (builtin.isPresent()) {
      return builtin.get().definitions();
    }
    if (columns.isEmpty()) {
      return COLUMNS.copy();
    }
    JsonArray out = new JsonArray().add(COLUMNS.getJsonObject(0).copy());
    columns.forEach(c -> out.add(c.definition()));
    return out;
  }

  /** A printer column's cell, as kube-apiserver renders the column's type; null when absent. */
  private Object cell(PrinterColumn c, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return value.toString();
    }
    return switch (c.type()) {
      case "date" -> Age.of(Timestamps.parseOrNull(String.valueOf(value)), now);
      case "integer", "number", "boolean" -> value;
      default -> String.valueOf(value);
    };
  }

  private static JsonObject column(String name, String format, String description) {
    return new JsonObject()
        .put("name", name)
        .put("type", "string")
        .put("format", format)
        .put("description", description)
        .put("priority", 0);
  }
}
