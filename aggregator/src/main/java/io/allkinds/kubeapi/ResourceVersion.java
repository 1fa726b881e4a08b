package io.allkinds.kubeapi;

import io.vertx.core.json.JsonObject;

/**
 * The resourceVersion this API gives an object: the journal sequence number of the change it is
 * current at, in place of the cluster's own, so that lists, gets and watch events count in one
 * space and a client that lists, or watches again, from a resourceVersion goes on from there.
 */
final class ResourceVersion {

  private ResourceVersion() {}

  /** Sets {@code object}'s {@code metadata.resourceVersion} to {@code seq}; returns the object. */
  static JsonObject stamp(JsonObject object, long seq) {
    JsonObject metadata = object.getJsonObject("metadata");
    if (metadata == null) {
      metadata = new JsonObject();
      object.put("metadata", metadata);
    }
    metadata.put("resourceVersion", String.valueOf(seq));
    return object;
  }
}
