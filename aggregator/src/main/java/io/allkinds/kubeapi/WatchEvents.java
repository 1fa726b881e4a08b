package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Watch events as kube-apiserver streams them: one JSON object {@code {"type": ..., "object": ...}}
 * per line, the object as stored with its {@code metadata.resourceVersion} set to the journal
 * sequence number it is current at (so that a client watching again goes on from there), or as a
 * one-row Table when the watch asked for Tables.
 */
final class WatchEvents {

  /** The annotation of the BOOKMARK that ends a watch's initial events. */
  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private final ResourceType type;
  private final TableRows table;

  /** Events of objects of {@code type}, rendered as rows of {@code table} (null for objects). */
  WatchEvents(ResourceType type, TableRows table) {
    this.type = type;
    this.table = table;
  }

  /** An ADDED, MODIFIED or DELETED event of {@code object}, current at {@code seq}. */
  Buffer object(String eventType, JsonObject object, long seq) {
    String rv = String.valueOf(seq);
    ResourceVersion.stamp(object, seq);
    JsonObject payload =
        table == null ? object : table.single(object, new JsonObject().put("resourceVersion", rv));
    return line(eventType, payload);
  }

  /**
   * A BOOKMARK at {@code seq}: every event up to it was sent; {@code initialEnd} marks the end of
   * the initial events.
   */
  Buffer bookmark(long seq, boolean initialEnd) {
    JsonObject metadata = new JsonObject().put("resourceVersion", String.valueOf(seq));
    if (initialEnd) {
      metadata.put("annotations", new JsonObject().put(INITIAL_EVENTS_END, "true"));
    }
    return line(
        "BOOKMARK",
        new JsonObject()
            .put("kind", type.kind())
            .put("apiVersion", type.apiVersion())
            .put("metadata", metadata));
  }

  /** An ERROR event carrying {@code status}, after which kube-apiserver ends the watch. */
  static Buffer error(KubeStatus status) {
    return line("ERROR", status.toJson());
  }

  private static Buffer line(String type, JsonObject object) {
    return new JsonObject()
        .put("type", type)
        .put("object", object)
        .toBuffer()
        .appendByte((byte) '\n');
  }
}
