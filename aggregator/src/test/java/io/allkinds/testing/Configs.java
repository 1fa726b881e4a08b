package io.allkinds.testing;

import java.nio.file.Path;

/** Aggregator configurations for the integration tests. */
public final class Configs {

  private Configs() {}

  public static String config(Path tmp, String clusters) {
    return config(clusters, "store:\n  url: jdbc:h2:file:" + tmp.resolve("db/allkinds") + "\n");
  }

  /**
   * A configuration for {@code clusters} on the store that {@code storeYaml} (a {@code store:}
   * block) names.
   */
  public static String config(String clusters, String storeYaml) {
    return """
        clusters:
        %s
        %s
        http:
          port: 0
        sync:
          rediscoverySeconds: 30
          backoffCapSeconds: 2
        """
        .formatted(clusters.indent(2).stripTrailing(), storeYaml.stripTrailing());
  }

  public static String cluster(String name, Path kubeconfig) {
    return "- name: " + name + "\n  kubeconfig: " + kubeconfig + "\n";
  }
}
