package io.allkinds.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.allkinds.model.EventType;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelSelector;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the {@code sinks} list; see {@link SinkConfig}. */
final class SinkSection {

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "url",
          "clusters",
          "kinds",
          "resources",
          "namespaces",
          "labelSelector",
          "changeTypes",
          "changed",
          "send",
          "mode",
          "batchSize",
          "timeoutSeconds",
          "maxAttempts",
          "maxLagEntries",
          "headers",
          "tokenEnv",
          "tokenFile");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern POINTER = Pattern.compile("(/[^/]+)+");

  private SinkSection() {}

  /**
   * The sinks of {@code list}; none when it is absent. Relative token files resolve to {@code
   * base}.
   */
  static List<SinkConfig> read(ConfigReader r, JsonNode list, Environment env, Path base) {
    List<SinkConfig> sinks = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return sinks;
    }
    if (!list.isArray()) {
      throw r.error("sinks", "a list of {name, url, ...}", list);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "sinks[" + i + "]";
      SinkConfig sink = sink(r, list.get(i), key, env, base);
      if (!names.add(sink.name())) {
        throw new ConfigException(
            r.file() + ": key '" + key + ".name': the name '" + sink.name() + "' is used twice");
      }
      sinks.add(sink);
    }
    return sinks;
  }

  private static SinkConfig sink(
      ConfigReader r, JsonNode s, String key, Environment env, Path base) {
    if (s == null || !s.isObject()) {
      throw r.error(key, "a mapping {name, url, ...}", s);
    }
    r.object(s, key, KEYS);
    String name = r.requiredString(s, key + ".name");
    if (!NAME.matcher(name).matches()) {
      throw r.error(
          key + ".name", "letters, digits, '.', '_' or '-', at most 63 characters", s.get("name"));
    }
    SinkConfig d = SinkConfig.of(name, null, SinkFilter.any());
    return new SinkConfig(
        name,
        url(r, s, key),
        filter(r, s, key),
        r.optionalEnum(s, key + ".send", SinkPayload.class, d.payload()),
        r.optionalEnum(s, key + ".mode", SinkMode.class, d.mode()),
        r.optionalInt(s, key + ".batchSize", d.batchSize(), 1, 1000),
        Duration.ofSeconds(
            r.optionalInt(s, key + ".timeoutSeconds", (int) d.timeout().toSeconds(), 1, 300)),
        r.optionalInt(s, key + ".maxAttempts", d.maxAttempts(), 1, 100),
        r.optionalInt(s, key + ".maxLagEntries", (int) d.maxLagEntries(), 0, Integer.MAX_VALUE),
        headers(r, s.path("headers"), key + ".headers"),
        token(r, s, key, env, base));
  }

  private static URI url(ConfigReader r, JsonNode s, String key) {
    String text = r.requiredString(s, key + ".url");
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below, without echoing a URL that may hold a password
    }
    throw new ConfigException(
        r.file() + ": key '" + key + ".url': expected an http:// or https:// URL with a host");
  }

  private static SinkFilter filter(ConfigReader r, JsonNode s, String key) {
    List<TypePattern> kinds = new ArrayList<>();
    r.strings(s, key + ".kinds").forEach(k -> kinds.add(TypePattern.parse(k)));
    List<TypePattern> resources = new ArrayList<>();
    r.strings(s, key + ".resources").forEach(k -> resources.add(TypePattern.parse(k)));
    List<LabelRequirement> labels;
    try {
      labels = LabelSelector.parse(r.optionalString(s, key + ".labelSelector", null));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          r.file() + ": key '" + key + ".labelSelector': " + e.getMessage(), e);
    }
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    List<String> typeNames = r.strings(s, key + ".changeTypes");
    for (int i = 0; i < typeNames.size(); i++) {
      types.add(
          r.enumValue(
              s.path("changeTypes").get(i), key + ".changeTypes[" + i + "]", EventType.class));
    }
    List<String> changed = r.strings(s, key + ".changed");
    for (int i = 0; i < changed.size(); i++) {
      if (!POINTER.matcher(changed.get(i)).matches()) {
        throw r.error(
            key + ".changed[" + i + "]",
            "a JSON pointer such as /spec or /metadata/labels",
            s.path("changed").get(i));
      }
    }
    return new SinkFilter(
        r.globs(s, key + ".clusters", List.of()),
        kinds,
        resources,
        r.globs(s, key + ".namespaces", List.of()),
        labels,
        types,
        changed);
  }

  private static Map<String, String> headers(ConfigReader r, JsonNode node, String key) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      throw r.error(key, "a mapping of header names to values", node);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
          || f.getKey().toLowerCase(Locale.ROOT).startsWith("ce-")
          || f.getKey().equalsIgnoreCase("content-type")) {
        throw new ConfigException(
            r.file()
                + ": key '"
                + key
                + "': '"
                + f.getKey()
                + "' is not a header name a sink may set (ce-* and Content-Type are the event's)");
      }
      headers.put(f.getKey(), r.requiredString(node, key + "." + f.getKey()));
    }
    return headers;
  }

  private static String token(ConfigReader r, JsonNode s, String key, Environment env, Path base) {
    String var = r.optionalString(s, key + ".tokenEnv", null);
    String file = r.optionalString(s, key + ".tokenFile", null);
    if (var != null && file != null) {
      throw new ConfigException(
          r.file() + ": key '" + key + "': set tokenEnv or tokenFile, not both");
    }
    String token = null;
    if (var != null) {
      token = env.get(var);
      if (token == null || token.isBlank()) {
        throw new ConfigException(
            r.file()
                + ": key '"
                + key
                + ".tokenEnv': the environment variable "
                + var
                + " is not set");
      }
    } else if (file != null) {
      Path path = base.resolve(file).normalize();
      try {
        token = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException(
            r.file() + ": key '" + key + ".tokenFile': cannot read " + path + ": " + e, e);
      }
    }
    return token == null ? null : token.strip();
  }
}
