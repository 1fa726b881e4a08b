package io.allkinds.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates the {@code sync} section: page sizes, concurrency, the type and namespace
 * rules and the redaction rules.
 */
final class SyncSection {

  private static final Set<String> SYNC_KEYS =
      Set.of(
          "redact",
          "pageSize",
          "maxConcurrentLists",
          "listThreads",
          "maxConnectionsPerServer",
          "rediscoverySeconds",
          "backoffCapSeconds",
          "queueCapacity",
          "batchSize",
          "dropManagedFields",
          "include",
          "exclude",
          "namespaces",
          "pageBudgetMiB",
          "qps",
          "burst");
  private static final Set<String> REDACT_KEYS = Set.of("group", "kind", "paths", "whenName");

  private SyncSection() {}

  /** The sync settings of {@code node}, the defaults where it says nothing. */
  static SyncConfig read(ConfigReader r, JsonNode node) {
    r.object(node, "sync", SYNC_KEYS);
    r.object(node.path("namespaces"), "sync.namespaces", Set.of("include", "exclude"));
    SyncConfig d = SyncConfig.defaults();
    return new SyncConfig(
        r.optionalInt(node, "sync.pageSize", d.pageSize(), 1, 10_000),
        r.optionalInt(node, "sync.maxConcurrentLists", d.maxConcurrentLists(), 1, 64),
        r.optionalInt(node, "sync.listThreads", d.listThreads(), 1, 256),
        r.optionalInt(node, "sync.maxConnectionsPerServer", d.maxConnectionsPerServer(), 1, 8192),
        Duration.ofSeconds(
            r.optionalInt(
                node,
                "sync.rediscoverySeconds",
                (int) d.rediscoveryInterval().toSeconds(),
                5,
                86_400)),
        Duration.ofSeconds(
            r.optionalInt(
                node, "sync.backoffCapSeconds", (int) d.backoffCap().toSeconds(), 1, 3_600)),
        r.optionalInt(node, "sync.queueCapacity", d.queueCapacity(), 10, 1_000_000),
        r.optionalInt(node, "sync.batchSize", d.batchSize(), 1, 10_000),
        r.optionalBoolean(node, "sync.dropManagedFields", d.dropManagedFields()),
        r.rules(node, "sync.include", d.include()),
        r.rules(node, "sync.exclude", d.exclude()),
        r.globs(node.path("namespaces"), "sync.namespaces.include", d.namespaceInclude()),
        r.globs(node.path("namespaces"), "sync.namespaces.exclude", d.namespaceExclude()),
        r.optionalInt(node, "sync.pageBudgetMiB", (int) (d.pageBudgetBytes() >> 20), 1, 1024)
            * 1024L
            * 1024L,
        r.optionalInt(node, "sync.qps", d.qps(), 1, 100_000),
        r.optionalInt(node, "sync.burst", d.burst(), 1, 100_000),
        redactionRules(r, node));
  }

  private static List<RedactionRule> redactionRules(ConfigReader r, JsonNode sync) {
    JsonNode n = sync.path("redact");
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw r.error("sync.redact", "a list of {group, kind, paths, whenName}", n);
    }
    List<RedactionRule> rules = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      rules.add(redactionRule(r, "sync.redact[" + i + "]", n.get(i)));
    }
    return rules;
  }

  private static RedactionRule redactionRule(ConfigReader r, String k, JsonNode rule) {
    if (!rule.isObject()) {
      throw r.error(k, "a mapping {group, kind, paths, whenName}", rule);
    }
    r.object(rule, k, REDACT_KEYS);
    List<String> paths = r.strings(rule, k + ".paths");
    if (paths.isEmpty()) {
      throw r.error(
          k + ".paths",
          "at least one JSON pointer such as /spec/template/spec/containers/*/env/*/value",
          rule.get("paths"));
    }
    for (int j = 0; j < paths.size(); j++) {
      if (!paths.get(j).startsWith("/") || paths.get(j).length() < 2) {
        throw r.error(
            k + ".paths[" + j + "]", "a JSON pointer starting with '/'", rule.get("paths").get(j));
      }
    }
    String whenName = r.optionalString(rule, k + ".whenName", null);
    Pattern pattern;
    try {
      pattern = whenName == null ? null : Pattern.compile(whenName);
    } catch (PatternSyntaxException e) {
      throw r.error(
          k + ".whenName",
          "a regular expression (" + e.getDescription() + ")",
          rule.get("whenName"));
    }
    return new RedactionRule(
        r.optionalString(rule, k + ".group", "*"),
        r.optionalString(rule, k + ".kind", "*"),
        paths,
        pattern);
  }
}
