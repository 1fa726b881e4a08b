package io.allkinds.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reads of one configuration file, with errors that name the file and the key and never echo
 * a credential.
 */
record ConfigReader(String file) {

  /** Keys whose values are credentials: never echoed in an error. */
  private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i)(password|token|secret)");

  /**
   * A read or parse error without the source text: YAML parsers quote the offending line, which may
   * hold a password or token.
   */
  static String parseError(IOException e) {
    if (e instanceof JsonProcessingException j) {
      String what =
          j.getOriginalMessage() == null
              ? "syntax error"
              : j.getOriginalMessage().lines().findFirst().orElse("syntax error");
      return j.getLocation() == null
          ? what
          : what
              + " (line "
              + j.getLocation().getLineNr()
              + ", column "
              + j.getLocation().getColumnNr()
              + ")";
    }
    return e.getMessage();
  }

  ConfigException error(String key, String expected, JsonNode got) {
    String found =
        got == null || got.isMissingNode()
            ? "nothing"
            : CREDENTIAL_KEY.matcher(key).find()
                ? "a value of type " + got.getNodeType().name().toLowerCase(Locale.ROOT)
                : "'" + StoreConfig.safe(got.toString()) + "'";
    return new ConfigException(
        file + ": key '" + key + "': expected " + expected + ", found " + found);
  }

  void object(JsonNode node, String key, Set<String> allowed) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw error(key.isEmpty() ? "(top level)" : key, "a mapping", node);
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        String full = key.isEmpty() ? name : key + "." + name;
        throw new ConfigException(
            file
                + ": key '"
                + full
                + "': unknown key; expected one of "
                + allowed.stream().sorted().toList());
      }
    }
  }

  private JsonNode at(JsonNode parent, String key) {
    JsonNode n = parent.get(key.substring(key.lastIndexOf('.') + 1));
    return n == null ? MissingNode.getInstance() : n;
  }

  String requiredString(JsonNode parent, String key) {
    JsonNode n = at(parent, key);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw error(key, "a non-empty string", n);
    }
    return n.asText();
  }

  String optionalString(JsonNode parent, String key, String dflt) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.isTextual() && !n.isNumber()) {
      throw error(key, "a string", n);
    }
    return n.asText();
  }

  int optionalInt(JsonNode parent, String key, int dflt, int min, int max) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
      throw error(key, "a whole number from " + min + " to " + max, n);
    }
    return n.asInt();
  }

  /**
   * A size in bytes ({@link ByteSize}): 0 (no limit, the default) or at least {@code min} bytes.
   */
  long optionalBytes(JsonNode parent, String key, long min) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    String expected = ByteSize.EXPECTED + ", 0 (no limit) or at least " + min + " bytes";
    long bytes;
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      bytes = n.asLong();
    } else if (n.isTextual()) {
      bytes = ByteSize.parse(n.asText());
    } else {
      throw error(key, expected, n);
    }
    if (bytes < 0 || (bytes > 0 && bytes < min)) {
      throw error(key, expected, n);
    }
    return bytes;
  }

  boolean optionalBoolean(JsonNode parent, String key, boolean dflt) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw error(key, "true or false", n);
    }
    return n.asBoolean();
  }

  /** An enum constant named case-insensitively, or {@code dflt} when absent. */
  <E extends Enum<E>> E optionalEnum(JsonNode parent, String key, Class<E> type, E dflt) {
    JsonNode n = at(parent, key);
    return n.isMissingNode() || n.isNull() ? dflt : enumValue(n, key, type);
  }

  /** {@code n} as an enum constant named case-insensitively. */
  <E extends Enum<E>> E enumValue(JsonNode n, String key, Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
      if (n != null && n.isTextual() && e.name().equalsIgnoreCase(n.asText())) {
        return e;
      }
    }
    throw error(key, "one of " + names, n);
  }

  List<String> strings(JsonNode parent, String key) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw error(key, "a list of strings", n);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw error(key + "[" + i + "]", "a string", n.get(i));
      }
      out.add(n.get(i).asText());
    }
    return out;
  }

  List<Glob> globs(JsonNode parent, String key, List<Glob> dflt) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.isArray()) {
      throw error(key, "a list of namespace globs", n);
    }
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw error(key + "[" + i + "]", "a string", n.get(i));
      }
      globs.add(new Glob(n.get(i).asText()));
    }
    return globs;
  }

  List<TypeRule> rules(JsonNode parent, String key, List<TypeRule> dflt) {
    JsonNode n = at(parent, key);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.isArray()) {
      throw error(key, "a list of {group, resource} globs", n);
    }
    List<TypeRule> rules = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String k = key + "[" + i + "]";
      JsonNode rule = n.get(i);
      object(rule, k, Set.of("group", "resource"));
      if (rule == null || !rule.isObject()) {
        throw error(k, "a mapping {group, resource}", rule);
      }
      rules.add(
          new TypeRule(
              optionalString(rule, k + ".group", "*"), optionalString(rule, k + ".resource", "*")));
    }
    return rules;
  }
}
