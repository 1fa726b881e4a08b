package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.allkinds.config.RedactionRule;
import io.allkinds.model.ResourceType;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the configured redaction rules to an object's JSON before it is stored: every value a
 * rule points at becomes {@value #MARK}, so the value never reaches the store, the journal or an
 * answer. It works on the object's tree as read from the cluster, before the body is written.
 */
final class Redactor {

  /** What a redacted value reads as. */
  static final String MARK = "<redacted>";

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final List<RedactionRule> rules;

  Redactor(List<RedactionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Replaces, in {@code object}, every value the rules for this type point at with {@value #MARK}.
   * When anything was blanked, kubectl's last-applied annotation goes too (it copies the whole
   * object, values included). True when the object changed; objects of types no rule names are not
   * looked at.
   */
  boolean redact(ResourceType type, ObjectNode object) {
    boolean changed = false;
    for (RedactionRule rule : rules) {
      if (!rule.appliesTo(type.group(), type.kind())) {
        continue;
      }
      for (String path : rule.paths()) {
        String[] segments =
            Arrays.stream(path.substring(1).split("/", -1))
                .map(s -> s.replace("~1", "/").replace("~0", "~"))
                .toArray(String[]::new);
        changed |= blank(object, segments, 0, rule);
      }
    }
    if (changed && object.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      annotations.remove(LAST_APPLIED);
    }
    return changed;
  }

  private static boolean blank(JsonNode node, String[] path, int i, RedactionRule rule) {
    String segment = path[i];
    boolean last = i == path.length - 1;
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (String field : segment.equals("*") ? List.copyOf(iterable(object)) : List.of(segment)) {
        JsonNode child = object.get(field);
        if (child == null) {
          continue;
        }
        if (!last) {
          changed |= blank(child, path, i + 1, rule);
        } else if (nameMatches(object, rule)
            && !child.isNull()
            && !MARK.equals(child.asText(null))) {
          object.set(field, TextNode.valueOf(MARK));
          changed = true;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int k = 0; k < array.size(); k++) {
        if (!segment.equals("*") && !segment.equals(String.valueOf(k))) {
          continue;
        }
        if (!last) {
          changed |= blank(array.get(k), path, i + 1, rule);
        } else if (rule.whenName() == null && !array.get(k).isNull()) {
          array.set(k, TextNode.valueOf(MARK));
          changed = true;
        }
      }
    }
    return changed;
  }

  private static boolean nameMatches(ObjectNode holder, RedactionRule rule) {
    return rule.whenName() == null
        || rule.whenName().matcher(holder.path("name").asText("")).matches();
  }

  private static List<String> iterable(ObjectNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
