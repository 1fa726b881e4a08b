package io.allkinds.cluster;

import io.allkinds.config.ClusterConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.nio.file.Files;

/**
 * Builds fabric8 clients from kubeconfig files. All clients share one HTTP client factory (and so
 * one set of I/O threads), however many clusters there are.
 */
public final class KubeClients {

  private final HttpClient.Factory httpClientFactory;

  public KubeClients(HttpClient.Factory httpClientFactory) {
    this.httpClientFactory = httpClientFactory;
  }

  /** A client for the cluster; blocking (reads the kubeconfig), so call it off the event loop. */
  public KubernetesClient create(ClusterConfig cluster) {
    if (cluster.inCluster()) {
      // The pod's service account: token, CA and server from the standard in-cluster locations.
      Config config = new io.fabric8.kubernetes.client.ConfigBuilder().build();
      return build(config);
    }
    if (!Files.isReadable(cluster.kubeconfig())) {
      throw new IllegalArgumentException(
          "kubeconfig " + cluster.kubeconfig() + " does not exist or cannot be read");
    }
    Config config;
    try {
      config =
          cluster.context() == null
              ? Config.fromKubeconfig(cluster.kubeconfig().toFile())
              : Config.fromKubeconfig(cluster.context(), cluster.kubeconfig().toFile());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "kubeconfig "
              + cluster.kubeconfig()
              + (cluster.context() == null ? "" : " context " + cluster.context())
              + " is not usable: "
              + e.getMessage(),
          e);
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new IllegalArgumentException("kubeconfig " + cluster.kubeconfig() + " names no server");
    }
    return build(config);
  }

  private KubernetesClient build(Config config) {
    // fabric8 would reconnect an ended watch itself, at fixed exponential steps with no jitter and
    // outside our rate limit: ResourceWatch does it instead, so its reconnects are spread and
    // counted.
    config.setWatchReconnectInterval(1000);
    config.setWatchReconnectLimit(0);
    config.setRequestTimeout(30_000);
    config.setRequestRetryBackoffLimit(
        0); // retries are ours, with our back-off and our status reporting
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(httpClientFactory)
        .build();
  }
}
