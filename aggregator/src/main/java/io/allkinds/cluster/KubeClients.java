package io.allkinds.cluster;

import io.allkinds.config.ClusterConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds fabric8 clients from kubeconfig files and shares them: clusters that reach the same API
 * server with the same credentials ({@link ClientKey}) hold one client per {@link
 * #CLUSTERS_PER_CLIENT} of them, and so one connection (HTTP/2) or one bounded pool (HTTP/1.1). All
 * clients share the process's Vert.x I/O threads.
 */
public final class KubeClients {

  private static final Logger LOG = LoggerFactory.getLogger(KubeClients.class);

  private final HttpClient.Factory http2;
  private final HttpClient.Factory http1;

  /**
   * Clusters that share one client at most. Each watched type is a stream of the client's
   * connection and kube-apiserver allows 1,000 streams on one (its default): eight clusters of a
   * hundred-odd types fit with room for their lists, and a fleet of thousands of clusters with the
   * same credentials still needs only one client per eight of them.
   */
  static final int CLUSTERS_PER_CLIENT = 8;

  private final SharedClients<ClientKey, KubernetesClient> shared =
      new SharedClients<>(CLUSTERS_PER_CLIENT);

  /**
   * @param http2 builds the HTTP client of a cluster that may speak HTTP/2
   * @param http1 builds it for a kubeconfig that disables HTTP/2
   */
  public KubeClients(HttpClient.Factory http2, HttpClient.Factory http1) {
    this.http2 = http2;
    this.http1 = http1;
  }

  /**
   * A share of the client for the cluster (close the lease, not the client); blocking (reads the
   * kubeconfig), so call it off the event loop.
   */
  public SharedClients.Lease<KubernetesClient> create(ClusterConfig cluster) {
    Config config = config(cluster);
    settings(config);
    ClientKey key = ClientKey.of(config);
    SharedClients.Lease<KubernetesClient> lease = shared.acquire(key, () -> build(config));
    if (lease.holdersAtAcquire() > 1) {
      LOG.info(
          "cluster={} shares the client of server {} with {} other cluster(s)",
          cluster.name(),
          key,
          lease.holdersAtAcquire() - 1);
    }
    return lease;
  }

  /** How many distinct clients (server and credentials) are held now. */
  public int distinctClients() {
    return shared.size();
  }

  private static Config config(ClusterConfig cluster) {
    if (cluster.inCluster()) {
      // The pod's service account: token, CA and server from the standard in-cluster locations.
      return new io.fabric8.kubernetes.client.ConfigBuilder().build();
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
    return config;
  }

  private static void settings(Config config) {
    // Watches are ours (WatchStream, restarted by WatchRetries): fabric8's watch settings play no
    // part. Its requests retry through us too, with our back-off and our status reporting.
    config.setRequestTimeout(30_000);
    config.setRequestRetryBackoffLimit(0);
  }

  private KubernetesClient build(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(config.isHttp2Disable() ? http1 : http2)
        .build();
  }
}
