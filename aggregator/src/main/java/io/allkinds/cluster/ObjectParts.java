package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.TopPaths;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The top JSON pointer paths of an object ({@link TopPaths}) and a 64-bit hash of each: every child
 * of {@code metadata} and {@code spec} ({@code /spec/replicas}, {@code /metadata/labels}), every
 * other field whole ({@code /status}, {@code /data}). Bookkeeping is left out: {@code apiVersion},
 * {@code kind}, the {@code resourceVersion}, {@code generation} and {@code managedFields} the API
 * server changes on every write, and the identity (name, namespace, uid, creation time). Two
 * versions differ at a path when its hashes differ (FNV-1a over the subtree, so a change goes
 * unseen with odds of 2^-64).
 */
final class ObjectParts {

  private static final Set<String> SKIPPED = Set.of("apiVersion", "kind");

  /**
   * Left out of metadata: what the API server changes on every write, and the identity, which
   * cannot change while the uid stays (a digest is kept per object, so every part costs bytes).
   */
  private static final Set<String> BOOKKEEPING =
      Set.of(
          "resourceVersion",
          "generation",
          "managedFields",
          "name",
          "namespace",
          "uid",
          "creationTimestamp",
          "selfLink",
          "generateName");

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private ObjectParts() {}

  /** The paths and hashes of {@code object} as it will be stored (already redacted). */
  static Map<String, Long> of(ObjectNode object) {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (SKIPPED.contains(key)) {
        continue;
      }
      String path = "/" + pointer(key);
      if (TopPaths.split(key) && value.isObject()) {
        for (Map.Entry<String, JsonNode> child : value.properties()) {
          if (!"metadata".equals(key) || !BOOKKEEPING.contains(child.getKey())) {
            out.put(path + "/" + pointer(child.getKey()), hash(child.getValue(), OFFSET));
          }
        }
      } else {
        out.put(path, hash(value, OFFSET));
      }
    }
    return out;
  }

  /** A JSON pointer segment (RFC 6901): {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static String pointer(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0
        ? key
        : key.replace("~", "~0").replace("/", "~1");
  }

  /** The hash of one subtree. */
  static long hash(JsonNode node) {
    return hash(node, OFFSET);
  }

  private static long hash(JsonNode node, long seed) {
    long h = mix(seed, node.getNodeType().name().hashCode());
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        h = hash(e.getValue(), text(h, e.getKey()));
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        h = hash(item, mix(h, '['));
      }
    } else if (!node.isNull()) {
      h = text(h, node.asText());
    }
    return mix(h, '}');
  }

  /** Mixes in the UTF-8 bytes of {@code s}, then a 0: ASCII as it comes, the rest encoded. */
  static long text(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x80) {
        for (byte b : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
          h = mix(h, b);
        }
        break;
      }
      h = mix(h, ch);
    }
    return mix(h, 0);
  }

  private static long mix(long h, int b) {
    return (h ^ (b & 0xff)) * PRIME;
  }
}
