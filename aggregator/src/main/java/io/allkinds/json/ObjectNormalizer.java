package io.allkinds.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * An object's content as two copies of it are compared: without the fields that always differ from
 * one copy (or one cluster) to another, in a canonical form (object keys sorted) so that equal
 * content is equal bytes and hashes alike. Left out: {@code metadata.uid}, {@code resourceVersion},
 * {@code generation}, {@code creationTimestamp}, {@code deletionTimestamp}, {@code managedFields},
 * {@code selfLink}, the {@code uid} of each owner reference, kubectl's last-applied annotation (and
 * {@code annotations} when nothing else is left in it), and {@code status} when asked.
 */
public final class ObjectNormalizer {

  /** The metadata fields left out of every comparison. */
  public static final List<String> IGNORED_METADATA =
      List.of(
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "managedFields",
          "selfLink");

  /** The annotation kubectl apply keeps the last applied configuration in. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ObjectNormalizer() {}

  /** The object's content as compared, as canonical JSON bytes. */
  public static byte[] normalize(byte[] body, boolean ignoreStatus) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    strip(object, ignoreStatus);
    try {
      return JSON.writeValueAsBytes(sorted(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A hash of normalized content: equal content, equal hash (SHA-256, hex). */
  public static String hash(byte[] normalized) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The normalized content as text, for messages and tests. */
  public static String text(byte[] normalized) {
    return new String(normalized, StandardCharsets.UTF_8);
  }

  private static void strip(ObjectNode object, boolean ignoreStatus) {
    if (ignoreStatus) {
      object.remove("status");
    }
    if (!(object.get("metadata") instanceof ObjectNode meta)) {
      return;
    }
    meta.remove(IGNORED_METADATA);
    if (meta.get("annotations") instanceof ObjectNode annotations) {
      annotations.remove(LAST_APPLIED);
      if (annotations.isEmpty()) {
        meta.remove("annotations");
      }
    }
    if (meta.get("ownerReferences") instanceof ArrayNode owners) {
      for (JsonNode owner : owners) {
        if (owner instanceof ObjectNode o) {
          o.remove("uid");
        }
      }
    }
  }

  /** A copy with every object's keys in order, arrays kept as they are. */
  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(object.get(name)));
      }
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(array.size());
      array.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
