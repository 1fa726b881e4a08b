package io.allkinds.kubeapi;

import io.allkinds.model.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A meta.k8s.io Table of stored objects as kube-apiserver's default printer makes it: the columns
 * NAME and AGE, and with each row the object's metadata (a PartialObjectMetadata), so that kubectl
 * can add NAMESPACE and labels, or the whole object when asked.
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

  /**
   * Rows for a Table at {@code rendering}'s version, carrying {@code include} of each object, with
   * ages as of {@code now}.
   */
  TableRows(Rendering rendering, IncludeObject include, Instant now) {
    this.rendering = rendering;
    this.include = include;
    this.now = now;
  }

  /** The Table's fields before its rows. */
  JsonObject head() {
    return new JsonObject()
        .put("kind", "Table")
        .put("apiVersion", rendering.tableApiVersion())
        .put("columnDefinitions", COLUMNS.copy());
  }

  /** The row of one stored object, from its JSON. */
  Buffer row(byte[] body) {
    JsonObject object = new JsonObject(Buffer.buffer(body));
    JsonObject meta = object.getJsonObject("metadata", new JsonObject());
    JsonObject row =
        new JsonObject()
            .put(
                "cells",
                new JsonArray()
                    .add(meta.getString("name", ""))
                    .add(Age.of(Timestamps.parseOrNull(meta.getString("creationTimestamp")), now)));
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

  private static JsonObject column(String name, String format, String description) {
    return new JsonObject()
        .put("name", name)
        .put("type", "string")
        .put("format", format)
        .put("description", description)
        .put("priority", 0);
  }
}
