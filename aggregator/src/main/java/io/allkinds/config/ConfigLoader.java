package io.allkinds.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code allkinds.yaml} into an {@link AllKindsConfig}, or, with no file, builds one that
 * watches every context of {@code $KUBECONFIG} (or {@code ~/.kube/config}).
 */
public final class ConfigLoader {

  /** Keys whose values are credentials: never echoed in an error. */
  private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i)(password|token|secret)");

  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final Set<String> TOP_KEYS =
      Set.of("clusters", "store", "http", "sync", "retention", "sharding");
  private static final Set<String> SHARDING_KEYS = Set.of("enabled", "replicaId", "leaseSeconds");
  private static final Set<String> CLUSTER_KEYS =
      Set.of("name", "kubeconfig", "context", "inCluster");
  private static final Set<String> STORE_KEYS = Set.of("url", "user", "password");
  private static final Set<String> HTTP_KEYS =
      Set.of("host", "port", "tokens", "allowUnauthenticated", "allowedHosts");
  private static final Set<String> RETENTION_KEYS =
      Set.of("maxAgeDays", "maxJournalEntries", "intervalSeconds");
  private static final Set<String> SYNC_KEYS =
      Set.of(
          "redact",
          "pageSize",
          "maxConcurrentLists",
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

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final Map<String, String> env;

  /**
   * A loader that reads {@code KUBECONFIG}, {@code HOME} and {@code ALLKINDS_STORE_*} from {@code
   * env}.
   */
  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /**
   * A read or parse error without the source text: YAML parsers quote the offending line, which may
   * hold a password or token.
   */
  private static String parseError(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
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

  /** Loads and validates a configuration file. */
  public AllKindsConfig load(Path file) {
    JsonNode root;
    try {
      root = yaml.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration: " + parseError(e), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = yaml.createObjectNode();
    }
    Reader r = new Reader(file.toString());
    r.object(root, "", TOP_KEYS);
    Path base = file.toAbsolutePath().getParent();
    List<ClusterConfig> clusters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonNode list = root.path("clusters");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw r.error("clusters", "a list of {name, kubeconfig, context}", list);
      }
      for (int i = 0; i < list.size(); i++) {
        String key = "clusters[" + i + "]";
        JsonNode c = list.get(i);
        r.object(c, key, CLUSTER_KEYS);
        String name = r.requiredString(c, key + ".name");
        if (!CLUSTER_NAME.matcher(name).matches()) {
          throw r.error(
              key + ".name",
              "letters, digits, '.', '_' or '-', at most 253 characters",
              c.get("name"));
        }
        if (!names.add(name)) {
          throw new ConfigException(
              file + ": key '" + key + ".name': the name '" + name + "' is used twice");
        }
        if (r.optionalBoolean(c, key + ".inCluster", false)) {
          clusters.add(new ClusterConfig(name, null, null, true));
          continue;
        }
        Path kubeconfig = base.resolve(r.requiredString(c, key + ".kubeconfig")).normalize();
        clusters.add(
            new ClusterConfig(name, kubeconfig, r.optionalString(c, key + ".context", null)));
      }
    }
    JsonNode storeNode = root.path("store");
    r.object(storeNode, "store", STORE_KEYS);
    StoreConfig store =
        new StoreConfig(
            r.optionalString(
                storeNode,
                "store.url",
                env.getOrDefault("ALLKINDS_STORE_URL", StoreConfig.DEFAULT_URL)),
            r.optionalString(storeNode, "store.user", env.get("ALLKINDS_STORE_USER")),
            r.optionalString(storeNode, "store.password", env.get("ALLKINDS_STORE_PASSWORD")));
    if (!store.url().startsWith("jdbc:")) {
      throw r.error(
          "store.url", "a JDBC URL such as " + StoreConfig.DEFAULT_URL, storeNode.get("url"));
    }
    JsonNode httpNode = root.path("http");
    r.object(httpNode, "http", HTTP_KEYS);
    HttpConfig http =
        new HttpConfig(
            r.optionalString(httpNode, "http.host", HttpConfig.DEFAULT_HOST),
            r.optionalInt(httpNode, "http.port", HttpConfig.DEFAULT_PORT, 0, 65535),
            tokens(r.strings(httpNode, "http.tokens")),
            r.optionalBoolean(httpNode, "http.allowUnauthenticated", false),
            r.strings(httpNode, "http.allowedHosts"));
    if (http.refusal() != null) {
      throw new ConfigException(file + ": key 'http.host': " + http.refusal());
    }
    JsonNode retentionNode = root.path("retention");
    r.object(retentionNode, "retention", RETENTION_KEYS);
    RetentionConfig rd = RetentionConfig.defaults();
    RetentionConfig retention =
        new RetentionConfig(
            Duration.ofDays(
                r.optionalInt(
                    retentionNode, "retention.maxAgeDays", (int) rd.maxAge().toDays(), 1, 36_500)),
            r.optionalInt(retentionNode, "retention.maxJournalEntries", 0, 0, Integer.MAX_VALUE),
            Duration.ofSeconds(
                r.optionalInt(
                    retentionNode,
                    "retention.intervalSeconds",
                    (int) rd.interval().toSeconds(),
                    10,
                    86_400)));
    SyncConfig sync = sync(r, root.path("sync"));
    if (clusters.isEmpty()) {
      clusters.addAll(fromKubeconfigEnv());
    }
    ShardingConfig sharding = sharding(r, root.path("sharding"));
    if (sharding.enabled() && store.url().startsWith("jdbc:h2:")) {
      throw r.error(
          "sharding.enabled",
          "a store every replica shares (jdbc:postgresql://...), not an embedded"
              + " H2 file, when sharding is enabled",
          storeNode.get("url"));
    }
    return new AllKindsConfig(file.toString(), clusters, store, http, sync, retention, sharding);
  }

  private ShardingConfig sharding(Reader r, JsonNode node) {
    r.object(node, "sharding", SHARDING_KEYS);
    return new ShardingConfig(
        r.optionalBoolean(node, "sharding.enabled", false),
        r.optionalString(node, "sharding.replicaId", defaultReplicaId()),
        Duration.ofSeconds(r.optionalInt(node, "sharding.leaseSeconds", 15, 3, 600)));
  }

  /**
   * {@code ALLKINDS_REPLICA_ID}, or the host name (a pod's name) with a random suffix, unique per
   * process.
   */
  private String defaultReplicaId() {
    String id = env.get("ALLKINDS_REPLICA_ID");
    if (id != null && !id.isBlank()) {
      return id;
    }
    String host = env.getOrDefault("HOSTNAME", "allkinds");
    return host
        + "-"
        + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  /**
   * The configuration used when no file is given: every context of the kubeconfig files in the
   * environment.
   */
  public AllKindsConfig defaults() {
    SyncConfig sync = SyncConfig.defaults();
    return new AllKindsConfig(
        "(none: every context of " + kubeconfigPaths() + ")",
        fromKubeconfigEnv(),
        new StoreConfig(
            env.getOrDefault("ALLKINDS_STORE_URL", StoreConfig.DEFAULT_URL),
            env.get("ALLKINDS_STORE_USER"),
            env.get("ALLKINDS_STORE_PASSWORD")),
        new HttpConfig(HttpConfig.DEFAULT_HOST, HttpConfig.DEFAULT_PORT, tokens(List.of())),
        sync,
        RetentionConfig.defaults(),
        ShardingConfig.disabled(defaultReplicaId()));
  }

  /**
   * Tokens from the file plus {@code ALLKINDS_HTTP_TOKENS} (comma-separated), so none need be
   * written in a file.
   */
  private List<String> tokens(List<String> fromFile) {
    List<String> all = new ArrayList<>(fromFile);
    String fromEnv = env.get("ALLKINDS_HTTP_TOKENS");
    if (fromEnv != null) {
      for (String t : fromEnv.split(",", -1)) {
        if (!t.isBlank()) {
          all.add(t.trim());
        }
      }
    }
    for (String t : all) {
      if (t.length() < 16) {
        throw new ConfigException("http.tokens: every token must be at least 16 characters long");
      }
    }
    return all;
  }

  private SyncConfig sync(Reader r, JsonNode node) {
    r.object(node, "sync", SYNC_KEYS);
    r.object(node.path("namespaces"), "sync.namespaces", Set.of("include", "exclude"));
    SyncConfig d = SyncConfig.defaults();
    return new SyncConfig(
        r.optionalInt(node, "sync.pageSize", d.pageSize(), 1, 10_000),
        r.optionalInt(node, "sync.maxConcurrentLists", d.maxConcurrentLists(), 1, 64),
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

  private static List<RedactionRule> redactionRules(Reader r, JsonNode sync) {
    JsonNode n = sync.path("redact");
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw r.error("sync.redact", "a list of {group, kind, paths, whenName}", n);
    }
    List<RedactionRule> rules = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String k = "sync.redact[" + i + "]";
      JsonNode rule = n.get(i);
      if (!rule.isObject()) {
        throw r.error(k, "a mapping {group, kind, paths, whenName}", rule);
      }
      r.object(rule, k, Set.of("group", "kind", "paths", "whenName"));
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
              k + ".paths[" + j + "]",
              "a JSON pointer starting with '/'",
              rule.get("paths").get(j));
        }
      }
      String whenName = r.optionalString(rule, k + ".whenName", null);
      Pattern pattern;
      try {
        pattern = whenName == null ? null : Pattern.compile(whenName);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw r.error(
            k + ".whenName",
            "a regular expression (" + e.getDescription() + ")",
            rule.get("whenName"));
      }
      rules.add(
          new RedactionRule(
              r.optionalString(rule, k + ".group", "*"),
              r.optionalString(rule, k + ".kind", "*"),
              paths,
              pattern));
    }
    return rules;
  }

  private List<Path> kubeconfigPaths() {
    String value = env.get("KUBECONFIG");
    List<Path> paths = new ArrayList<>();
    if (value != null && !value.isBlank()) {
      for (String p : value.split(java.util.regex.Pattern.quote(File.pathSeparator), -1)) {
        if (!p.isBlank()) {
          paths.add(Path.of(p));
        }
      }
    } else {
      paths.add(
          Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config"));
    }
    return paths;
  }

  private List<ClusterConfig> fromKubeconfigEnv() {
    List<ClusterConfig> clusters = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path path : kubeconfigPaths()) {
      if (!Files.isReadable(path)) {
        throw new ConfigException(
            path
                + ": no clusters are configured and this kubeconfig cannot be read;"
                + " pass --config FILE or set KUBECONFIG");
      }
      JsonNode root;
      try {
        root = yaml.readTree(path.toFile());
      } catch (IOException e) {
        throw new ConfigException(path + ": cannot read the kubeconfig: " + e.getMessage(), e);
      }
      for (JsonNode ctx : root.path("contexts")) {
        String name = ctx.path("name").asText("");
        if (!name.isEmpty() && seen.add(name)) {
          String display =
              CLUSTER_NAME.matcher(name).matches() ? name : name.replaceAll("[^A-Za-z0-9._-]", "-");
          clusters.add(new ClusterConfig(display, path.toAbsolutePath(), name));
        }
      }
    }
    if (clusters.isEmpty()) {
      throw new ConfigException(
          kubeconfigPaths() + ": no contexts found; pass --config FILE with a clusters list");
    }
    return clusters;
  }

  /** Typed reads of one configuration file, with errors that name the file and the key. */
  private record Reader(String file) {

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
                optionalString(rule, k + ".group", "*"),
                optionalString(rule, k + ".resource", "*")));
      }
      return rules;
    }
  }
}
