package io.allkinds.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.FieldManager;
import io.allkinds.model.ObjectDigest;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.Timestamps;
import io.allkinds.store.BodyCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an object read from a cluster into what the store keeps: Secret values removed (their key
 * names kept), the configured redaction rules applied, managedFields dropped unless configured
 * otherwise, JSON compressed, with the {@link ObjectDigest} the writer compares versions by (the
 * field managers are read before managedFields are dropped). It works on the object's JSON tree as
 * the LIST stream or the {@link WatchStream} parsed it, so a body is parsed once and written once.
 */
final class ObjectEncoder {

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * One for the process: a mapper holds its own caches and symbol tables (some 3 KB), and this
   * class is made for every watched type of every cluster.
   */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BodyCodec codec;
  private final boolean dropManagedFields;
  private final Redactor redactor;
  private final boolean digests;

  ObjectEncoder(BodyCodec codec, boolean dropManagedFields, Redactor redactor) {
    this(codec, dropManagedFields, redactor, true);
  }

  /**
   * {@code digests} false leaves objects without a digest, so the writer keeps no changed paths,
   * actors or edges: the baseline the writer benchmark measures their cost against.
   */
  ObjectEncoder(BodyCodec codec, boolean dropManagedFields, Redactor redactor, boolean digests) {
    this.codec = codec;
    this.dropManagedFields = dropManagedFields;
    this.redactor = redactor;
    this.digests = digests;
  }

  /** Encodes an object's JSON tree; the tree is changed in place (redacted, trimmed). */
  ObservedObject encode(ResourceType type, ObjectNode object) {
    JsonNode metaNode = object.get("metadata");
    ObjectNode meta = metaNode instanceof ObjectNode m ? m : object.putObject("metadata");
    List<FieldManager> managers = digests ? WriterFacts.managers(meta) : List.of();
    if (dropManagedFields) {
      meta.remove("managedFields");
    }
    if (isSecret(type)) {
      redactSecret(object, meta);
    }
    redactor.redact(type, object);
    // After redaction: a hash of a Secret's values could be matched against guesses.
    ObjectDigest digest =
        digests
            ? ObjectDigest.of(
                ObjectParts.of(object),
                managers,
                WriterFacts.appliedBy(meta),
                ObjectEdges.of(type, object))
            : null;
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an object of " + type.groupResource(), e);
    }
    return new ObservedObject(
        meta.path("namespace").asText(""),
        meta.path("name").asText(null),
        meta.path("uid").asText(""),
        meta.path("resourceVersion").asText(""),
        labels(meta),
        Timestamps.parseOrNull(meta.path("creationTimestamp").asText(null)),
        codec.encode(body),
        digest);
  }

  static boolean isSecret(ResourceType type) {
    return type.group().isEmpty() && "secrets".equals(type.resource());
  }

  private static Map<String, String> labels(ObjectNode meta) {
    JsonNode labels = meta.get("labels");
    if (labels == null || !labels.isObject() || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
    }
    return out;
  }

  /**
   * Keeps the names of a Secret's keys and nulls their values. The last-applied annotation goes
   * too: kubectl apply copies the whole Secret, values included, into it.
   */
  private static void redactSecret(ObjectNode secret, ObjectNode meta) {
    for (String field : new String[] {"data", "stringData"}) {
      JsonNode value = secret.get(field);
      if (value instanceof ObjectNode map) {
        for (Map.Entry<String, JsonNode> key : map.properties()) {
          key.setValue(map.nullNode()); // the key stays, in its place
        }
      } else if (value != null) {
        secret.remove(field);
      }
    }
    if (meta.get("annotations") instanceof ObjectNode annotations) {
      annotations.remove(LAST_APPLIED);
    }
  }
}
