package io.allkinds.store;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The honest, degraded form of a change the store refuses as it is (one poison row): the object's
 * identity, uid and resourceVersion, no labels, and a minimal body whose annotation {@value
 * #ANNOTATION} says that it is degraded and why. Status ops keep their identity and say why in
 * their message. Ops without such a form (resume points, list ends) have none.
 */
final class DegradedOps {

  /** The annotation a degraded body carries, with the store's reason as its value. */
  static final String ANNOTATION = "allkinds.io/degraded";

  private static final int REASON_CHARS = 500;

  private final BodyCodec codec;

  DegradedOps(BodyCodec codec) {
    this.codec = codec;
  }

  /** The degraded form of {@code op}, or null when it has none. */
  StoreOp of(StoreOp op, String reason) {
    String why =
        reason == null
            ? "refused by the store"
            : reason.length() > REASON_CHARS ? reason.substring(0, REASON_CHARS) + "..." : reason;
    if (op instanceof StoreOp.WatchEvent e) {
      return new StoreOp.WatchEvent(
          e.cluster(), e.type(), e.eventType(), object(e.type(), e.object(), why));
    }
    if (op instanceof StoreOp.Listed l) {
      return new StoreOp.Listed(
          l.cluster(), l.type(), l.generation(), object(l.type(), l.object(), why));
    }
    if (op instanceof StoreOp.TypeStatus s) {
      return new StoreOp.TypeStatus(s.cluster(), s.type(), s.state(), "degraded: " + why);
    }
    if (op instanceof StoreOp.ClusterStatus s) {
      return new StoreOp.ClusterStatus(s.cluster(), null, s.state(), "degraded: " + why);
    }
    return null;
  }

  private ObservedObject object(ResourceType type, ObservedObject o, String why) {
    JsonObject metadata = new JsonObject().put("name", o.name());
    if (o.namespace() != null && !o.namespace().isEmpty()) {
      metadata.put("namespace", o.namespace());
    }
    metadata
        .put("uid", o.uid())
        .put("resourceVersion", o.resourceVersion())
        .put("annotations", new JsonObject().put(ANNOTATION, why));
    if (o.createdAt() != null) {
      metadata.put("creationTimestamp", o.createdAt().toString());
    }
    JsonObject body =
        new JsonObject()
            .put("apiVersion", type.apiVersion())
            .put("kind", type.kind())
            .put("metadata", metadata);
    return new ObservedObject(
        o.namespace(),
        o.name(),
        o.uid(),
        o.resourceVersion(),
        Map.of(),
        o.createdAt(),
        codec.encode(body.encode().getBytes(StandardCharsets.UTF_8)));
  }

  /** The op's type and object, for log lines and reasons. */
  static String describe(StoreOp op) {
    if (op instanceof StoreOp.WatchEvent e) {
      return e.type().groupResource() + " " + e.object().namespace() + "/" + e.object().name();
    }
    if (op instanceof StoreOp.Listed l) {
      return l.type().groupResource() + " " + l.object().namespace() + "/" + l.object().name();
    }
    return op.getClass().getSimpleName();
  }
}
