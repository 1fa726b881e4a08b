package io.allkinds.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands the kubeconfig files of the environment into one cluster per context, used when the
 * configuration lists no clusters. A context named twice is watched once, from the first file.
 */
final class KubeconfigContexts {

  /** What a cluster's name may hold; a context's name is made to fit by replacing the rest. */
  static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

  private final ObjectMapper yaml;
  private final Environment env;

  KubeconfigContexts(ObjectMapper yaml, Environment env) {
    this.yaml = yaml;
    this.env = env;
  }

  /** One cluster per context of every kubeconfig file; throws when none can be read or found. */
  List<ClusterConfig> clusters() {
    List<ClusterConfig> clusters = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path path : env.kubeconfigPaths()) {
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
          clusters.add(new ClusterConfig(displayName(name), path.toAbsolutePath(), name));
        }
      }
    }
    if (clusters.isEmpty()) {
      throw new ConfigException(
          env.kubeconfigPaths() + ": no contexts found; pass --config FILE with a clusters list");
    }
    return clusters;
  }

  /** A context's name as a cluster name: every character a cluster name cannot hold becomes '-'. */
  static String displayName(String context) {
    return CLUSTER_NAME.matcher(context).matches()
        ? context
        : context.replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
