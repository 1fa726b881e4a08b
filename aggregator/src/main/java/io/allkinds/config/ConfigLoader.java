package io.allkinds.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code allkinds.yaml} into an {@link AllKindsConfig}, or, with no file, builds one that
 * watches every context of {@code $KUBECONFIG} (or {@code ~/.kube/config}). The {@code sync}
 * section is read by {@link SyncSection}, the environment by {@link Environment}, the kubeconfig
 * contexts by {@link KubeconfigContexts}.
 */
public final class ConfigLoader {

  private static final Set<String> TOP_KEYS =
      Set.of("clusters", "store", "http", "sync", "retention", "sharding", "sinks");
  private static final Set<String> SHARDING_KEYS = Set.of("enabled", "replicaId", "leaseSeconds");
  private static final Set<String> CLUSTER_KEYS =
      Set.of("name", "kubeconfig", "context", "inCluster");
  private static final Set<String> STORE_KEYS = Set.of("url", "user", "password");
  private static final Set<String> HTTP_KEYS =
      Set.of("host", "port", "tokens", "allowUnauthenticated", "allowedHosts");
  private static final Set<String> RETENTION_KEYS =
      Set.of("maxAgeDays", "maxJournalEntries", "intervalSeconds", "maxBytes");

  /** The smallest disk budget: below it, an empty store alone would exceed it. */
  private static final long MIN_MAX_BYTES = 1L << 20;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final Environment env;
  private final KubeconfigContexts contexts;

  /**
   * A loader that reads {@code KUBECONFIG}, {@code HOME} and {@code ALLKINDS_STORE_*} from {@code
   * env}.
   */
  public ConfigLoader(Map<String, String> env) {
    this.env = new Environment(env);
    this.contexts = new KubeconfigContexts(yaml, this.env);
  }

  /** Loads and validates a configuration file. */
  public AllKindsConfig load(Path file) {
    JsonNode root;
    try {
      root = yaml.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          file + ": cannot read the configuration: " + ConfigReader.parseError(e), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = yaml.createObjectNode();
    }
    ConfigReader r = new ConfigReader(file.toString());
    r.object(root, "", TOP_KEYS);
    List<ClusterConfig> clusters = clusters(r, root.path("clusters"), file);
    JsonNode storeNode = root.path("store");
    StoreConfig store = store(r, storeNode);
    HttpConfig http = http(r, root.path("http"), file);
    RetentionConfig retention = retention(r, root.path("retention"));
    SyncConfig sync = SyncSection.read(r, root.path("sync"));
    if (clusters.isEmpty()) {
      clusters.addAll(contexts.clusters());
    }
    ShardingConfig sharding = sharding(r, root.path("sharding"));
    if (sharding.enabled() && store.url().startsWith("jdbc:h2:")) {
      throw r.error(
          "sharding.enabled",
          "a store every replica shares (jdbc:postgresql://...), not an embedded"
              + " H2 file, when sharding is enabled",
          storeNode.get("url"));
    }
    List<SinkConfig> sinks =
        SinkSection.read(r, root.path("sinks"), env, file.toAbsolutePath().getParent());
    return new AllKindsConfig(
        file.toString(), clusters, store, http, sync, retention, sharding, sinks);
  }

  /**
   * The configuration used when no file is given: every context of the kubeconfig files in the
   * environment.
   */
  public AllKindsConfig defaults() {
    return new AllKindsConfig(
        "(none: every context of " + env.kubeconfigPaths() + ")",
        contexts.clusters(),
        env.store(),
        new HttpConfig(HttpConfig.DEFAULT_HOST, HttpConfig.DEFAULT_PORT, env.tokens(List.of())),
        SyncConfig.defaults(),
        RetentionConfig.defaults(),
        ShardingConfig.disabled(env.replicaId()),
        List.of());
  }

  private static List<ClusterConfig> clusters(ConfigReader r, JsonNode list, Path file) {
    List<ClusterConfig> clusters = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return clusters;
    }
    if (!list.isArray()) {
      throw r.error("clusters", "a list of {name, kubeconfig, context}", list);
    }
    Path base = file.toAbsolutePath().getParent();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "clusters[" + i + "]";
      JsonNode c = list.get(i);
      r.object(c, key, CLUSTER_KEYS);
      String name = r.requiredString(c, key + ".name");
      if (!KubeconfigContexts.CLUSTER_NAME.matcher(name).matches()) {
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
    return clusters;
  }

  /** The store section; what it leaves out comes from {@code ALLKINDS_STORE_*}. */
  private StoreConfig store(ConfigReader r, JsonNode node) {
    r.object(node, "store", STORE_KEYS);
    StoreConfig fromEnv = env.store();
    StoreConfig store =
        new StoreConfig(
            r.optionalString(node, "store.url", fromEnv.url()),
            r.optionalString(node, "store.user", fromEnv.user()),
            r.optionalString(node, "store.password", fromEnv.password()));
    if (!store.url().startsWith("jdbc:")) {
      throw r.error("store.url", "a JDBC URL such as " + StoreConfig.DEFAULT_URL, node.get("url"));
    }
    return store;
  }

  private HttpConfig http(ConfigReader r, JsonNode node, Path file) {
    r.object(node, "http", HTTP_KEYS);
    HttpConfig http =
        new HttpConfig(
            r.optionalString(node, "http.host", HttpConfig.DEFAULT_HOST),
            r.optionalInt(node, "http.port", HttpConfig.DEFAULT_PORT, 0, 65535),
            env.tokens(r.strings(node, "http.tokens")),
            r.optionalBoolean(node, "http.allowUnauthenticated", false),
            r.strings(node, "http.allowedHosts"));
    if (http.refusal() != null) {
      throw new ConfigException(file + ": key 'http.host': " + http.refusal());
    }
    return http;
  }

  private static RetentionConfig retention(ConfigReader r, JsonNode node) {
    r.object(node, "retention", RETENTION_KEYS);
    RetentionConfig d = RetentionConfig.defaults();
    return new RetentionConfig(
        Duration.ofDays(
            r.optionalInt(node, "retention.maxAgeDays", (int) d.maxAge().toDays(), 1, 36_500)),
        r.optionalInt(node, "retention.maxJournalEntries", 0, 0, Integer.MAX_VALUE),
        Duration.ofSeconds(
            r.optionalInt(
                node, "retention.intervalSeconds", (int) d.interval().toSeconds(), 10, 86_400)),
        r.optionalBytes(node, "retention.maxBytes", MIN_MAX_BYTES));
  }

  private ShardingConfig sharding(ConfigReader r, JsonNode node) {
    r.object(node, "sharding", SHARDING_KEYS);
    return new ShardingConfig(
        r.optionalBoolean(node, "sharding.enabled", false),
        r.optionalString(node, "sharding.replicaId", env.replicaId()),
        Duration.ofSeconds(r.optionalInt(node, "sharding.leaseSeconds", 15, 3, 600)));
  }
}
