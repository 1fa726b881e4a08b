package io.allkinds.kubeapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A meta.k8s.io Table of stored objects as kube-apiserver makes it, with the columns of a {@link
 * TableLayout}; with each row the object's metadata (a PartialObjectMetadata), so that kubectl can
 * add NAMESPACE and labels, or the whole object when asked.
 */
final class TableRows {

  private final Rendering rendering;
  private final IncludeObject include;
  private final Instant now;
  private final TableLayout layout;

  /**
   * Rows for a Table at {@code rendering}'s version with {@code layout}'s columns, carrying {@code
   * include} of each object, with ages as of {@code now}.
   */
  TableRows(Rendering rendering, IncludeObject include, Instant now, TableLayout layout) {
    this.rendering = rendering;
    this.include = include;
    this.now = now;
    this.layout = layout;
  }

  /** The Table's fields before its rows. */
  JsonObject head() {
    return new JsonObject()
        .put("kind", "Table")
        .put("apiVersion", rendering.tableApiVersion())
        .put("columnDefinitions", layout.definitions());
  }

  /** The row of one object. */
  JsonObject row(JsonObject object) {
    JsonArray cells = new JsonArray();
    layout.cells().of(object, now).forEach(cells::add);
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
                  .put("metadata", object.getJsonObject("metadata", new JsonObject())));
      case OBJECT -> row.put("object", object);
    }
    return row;
  }

  /** A whole Table of one object (a get, or a watch event's object) with the Table's metadata. */
  JsonObject single(JsonObject object, JsonObject metadata) {
    return head().put("metadata", metadata).put("rows", new JsonArray().add(row(object)));
  }
}
