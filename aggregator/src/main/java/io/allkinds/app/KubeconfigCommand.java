package io.allkinds.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ClusterConfig;
import io.allkinds.config.ConfigException;
import io.allkinds.config.ConfigLoader;
import io.allkinds.config.HttpConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code allkinds kubeconfig}: prints a kubeconfig with a context per configured cluster on
 * AllKinds' read-only Kubernetes API, and one for the fleet.
 */
@Command(
    name = "kubeconfig",
    mixinStandardHelpOptions = true,
    description =
        "Prints a kubeconfig for kubectl against the store: one cluster and context per configured"
            + " cluster (server <server>/k8s/clusters/<name>), a 'fleet' context, the first cluster"
            + " current.")
final class KubeconfigCommand implements Callable<Integer> {

  /** The user every context uses. */
  static final String USER = "allkinds";

  private final ObjectMapper yaml =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final Map<String, String> env;

  @ParentCommand private Main parent;

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The aggregator's YAML configuration (default: the one given to allkinds --config; without"
              + " either, every context of $KUBECONFIG or ~/.kube/config).")
  private Path config;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "AllKinds' base URL (default: http://<http.host>:<http.port> of the config).")
  private String server;

  @Option(
      names = "--token-env",
      paramLabel = "NAME",
      description =
          "Writes the value of environment variable NAME (one of http.tokens) as the user's token.")
  private String tokenEnv;

  KubeconfigCommand() {
    this(System.getenv());
  }

  KubeconfigCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter err = spec.commandLine().getErr();
    Path file = config != null ? config : parent == null ? null : parent.config();
    AllKindsConfig cfg;
    try {
      ConfigLoader loader = new ConfigLoader(env);
      cfg = file == null ? loader.defaults() : loader.load(file);
    } catch (ConfigException e) {
      err.println("allkinds kubeconfig: " + e.getMessage());
      return 2;
    }
    if (cfg.clusters().isEmpty()) {
      err.println("allkinds kubeconfig: the configuration names no cluster");
      return 2;
    }
    String token = null;
    if (tokenEnv != null) {
      token = env.get(tokenEnv);
      if (token == null || token.isBlank()) {
        err.println("allkinds kubeconfig: environment variable " + tokenEnv + " is not set");
        return 2;
      }
    }
    String base = server != null ? server : defaultServer(cfg.http());
    PrintWriter out = spec.commandLine().getOut();
    out.print(header(base, cfg.clusters().get(0).name()));
    out.print(yaml.writeValueAsString(kubeconfig(cfg.clusters(), base, token)));
    out.flush();
    return 0;
  }

  /** {@code http://host:port} of the HTTP listener; a wildcard host as {@code localhost}. */
  static String defaultServer(HttpConfig http) {
    String host = http.host();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + http.port();
  }

  /** The kubeconfig document: a cluster and context per cluster, one fleet context, one user. */
  static ObjectNode kubeconfig(List<ClusterConfig> clusters, String server, String token) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    ObjectNode root =
        JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Config");
    ArrayNode clusterList = root.putArray("clusters");
    ArrayNode contexts = root.putArray("contexts");
    for (ClusterConfig c : clusters) {
      add(clusterList, contexts, c.name(), base + "/k8s/clusters/" + c.name());
    }
    boolean clash = clusters.stream().anyMatch(c -> c.name().equals("fleet"));
    add(clusterList, contexts, clash ? "allkinds-fleet" : "fleet", base + "/k8s/fleet");
    ObjectNode user = root.putArray("users").addObject().put("name", USER).putObject("user");
    if (token != null) {
      user.put("token", token);
    }
    root.put("current-context", clusters.get(0).name());
    return root;
  }

  private static void add(ArrayNode clusters, ArrayNode contexts, String name, String server) {
    clusters.addObject().put("name", name).putObject("cluster").put("server", server);
    contexts
        .addObject()
        .put("name", name)
        .putObject("context")
        .put("cluster", name)
        .put("user", USER);
  }

  private static String header(String server, String first) {
    return "# kubectl against AllKinds' store (read-only): written by `allkinds kubeconfig`.\n"
        + "# Append /at/<RFC 3339 instant> to a server URL for the cluster as it stood then, e.g.\n"
        + "#   server: "
        + server
        + "/k8s/clusters/"
        + first
        + "/at/2026-12-01T02:00:00Z\n"
        + "# kubectl sends a user's token only to an https:// server: over plain http it sends\n"
        + "# none, so with http.tokens set put a TLS-terminating proxy in front (--server).\n";
  }
}
