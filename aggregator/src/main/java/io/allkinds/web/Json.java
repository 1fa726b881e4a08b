package io.allkinds.web;

import io.allkinds.model.ChangeFacts;
import io.allkinds.model.ClusterStatusView;
import io.allkinds.model.FieldManager;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ResourceTypeView;
import io.allkinds.model.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The API's JSON shapes for the store's records. */
final class Json {

  private Json() {}

  static JsonObject cluster(ClusterStatusView c) {
    return new JsonObject()
        .put("name", c.name())
        .put("server", c.server())
        .put("state", c.state())
        .put("message", c.message())
        .put("resourceTypes", c.resourceTypes())
        .put("typesSynced", c.typesSynced())
        .put("owner", c.owner())
        .put("objects", c.objects())
        .put("lastChangeAt", Timestamps.format(c.lastChangeAt()));
  }

  static JsonObject resourceType(ResourceTypeView t) {
    return new JsonObject()
        .put("cluster", t.cluster())
        .put("group", t.type().group())
        .put("version", t.type().version())
        .put("apiVersion", t.type().apiVersion())
        .put("resource", t.type().resource())
        .put("kind", t.type().kind())
        .put("namespaced", t.type().namespaced())
        .put("state", t.state())
        .put("message", t.message())
        .put("objects", t.objects())
        .put("lastChangeAt", Timestamps.format(t.lastChangeAt()))
        .put("lastListAt", Timestamps.format(t.listedAt()));
  }

  /**
   * An item of a streamed page: {@code meta}'s fields followed by {@code "object"}, the stored JSON
   * as it is (never parsed and re-encoded), and {@code "patch"} when given.
   */
  static Buffer item(JsonObject meta, byte[] object, String patch) {
    String head = meta.encode();
    Buffer b =
        Buffer.buffer(
            head.length()
                + (object == null ? 0 : object.length)
                + (patch == null ? 0 : patch.length())
                + 32);
    b.appendString(head.substring(0, head.length() - 1));
    if (object != null) {
      b.appendString(head.length() > 2 ? ",\"object\":" : "\"object\":").appendBytes(object);
      if (patch != null) {
        b.appendString(",\"patch\":").appendString(patch);
      }
    }
    return b.appendString("}");
  }

  static JsonObject object(ObjectSummary o) {
    JsonObject json =
        new JsonObject()
            .put("cluster", o.cluster())
            .put("apiVersion", o.type().apiVersion())
            .put("group", o.type().group())
            .put("version", o.type().version())
            .put("resource", o.type().resource())
            .put("kind", o.type().kind())
            .put("namespace", o.namespace())
            .put("name", o.name())
            .put("uid", o.uid())
            .put("resourceVersion", o.resourceVersion())
            .put("labels", new JsonObject(o.labelsJson()))
            .put("createdAt", Timestamps.format(o.createdAt()))
            .put("observedAt", Timestamps.format(o.observedAt()))
            .put("deleted", o.deleted())
            .put("seq", o.seq());
    if (o.objectJson() != null) {
      json.put("object", new JsonObject(o.objectJson()));
    }
    return json;
  }

  static JsonObject change(JournalEntry e) {
    return new JsonObject()
        .put("seq", e.seq())
        .put("cluster", e.cluster())
        .put("apiVersion", e.type().apiVersion())
        .put("group", e.type().group())
        .put("resource", e.type().resource())
        .put("kind", e.type().kind())
        .put("namespace", e.namespace())
        .put("name", e.name())
        .put("uid", e.uid())
        .put("type", e.eventType().name())
        .put("observedAt", Timestamps.format(e.observedAt()))
        .put("resourceVersion", e.resourceVersion())
        .mergeIn(facts(e.facts()));
  }

  /**
   * What a change touched and who made it: {@code changed} (absent when unknown), {@code actors}
   * and {@code appliedBy} (absent when none).
   */
  static JsonObject facts(ChangeFacts facts) {
    JsonObject out = new JsonObject();
    if (facts.changed() != null) {
      out.put("changed", new JsonArray(facts.changed()));
    }
    JsonArray actors = new JsonArray();
    for (FieldManager a : facts.actors()) {
      JsonObject actor =
          new JsonObject().put("manager", a.manager()).put("operation", a.operation());
      if (!a.subresource().isEmpty()) {
        actor.put("subresource", a.subresource());
      }
      actors.add(actor);
    }
    out.put("actors", actors);
    if (facts.appliedBy() != null) {
      out.put("appliedBy", facts.appliedBy());
    }
    return out;
  }
}
