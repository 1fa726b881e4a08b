package io.allkinds.config;

import java.util.List;

/** The whole, validated configuration of one aggregator process. */
public record AllKindsConfig(
    String source,
    List<ClusterConfig> clusters,
    StoreConfig store,
    HttpConfig http,
    SyncConfig sync,
    RetentionConfig retention,
    ShardingConfig sharding,
    List<SinkConfig> sinks) {

  public AllKindsConfig {
    clusters = List.copyOf(clusters);
    sinks = List.copyOf(sinks);
  }

  /** A one-line description for the start-up log; it names no credential. */
  public String summary() {
    return "config="
        + source
        + " clusters="
        + clusters.stream().map(ClusterConfig::name).toList()
        + " store="
        + store.safeUrl()
        + " http="
        + http
        + " sync="
        + sync
        + " retention="
        + retention
        + " sharding="
        + sharding
        + " sinks="
        + sinks;
  }
}
