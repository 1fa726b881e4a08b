package io.allkinds.config;

import java.time.Duration;

/**
 * Whether several replicas share the clusters of one store: when {@code enabled}, this replica
 * ({@code replicaId}) syncs only the clusters whose lease it holds, renewing each within {@code
 * leasePeriod}; a dead replica's clusters move to the others after at most one period.
 */
public record ShardingConfig(boolean enabled, String replicaId, Duration leasePeriod) {

  /** One aggregator owns every configured cluster. */
  public static ShardingConfig disabled(String replicaId) {
    return new ShardingConfig(false, replicaId, Duration.ofSeconds(15));
  }
}
