package io.allkinds.app;

import io.allkinds.config.ClusterConfig;
import io.allkinds.store.Leases;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this replica's share of the clusters when several replicas share one store. Every fifth of a
 * lease period it renews its leases, lets go of clusters whose lease it lost (their verticle is
 * undeployed), hands one cluster back when it holds more than its fair share, and takes free or
 * expired leases up to that share, deploying a verticle that resumes from the stored resume points.
 */
final class ClusterShards implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterShards.class);
  private static final String RETENTION = "retention";

  private final Vertx vertx;
  private final Leases leases;
  private final List<ClusterConfig> clusters;
  private final Function<ClusterConfig, Deployable> verticles;
  private final Map<String, String> deployed = new ConcurrentHashMap<>();
  private final LeasePasses passes;
  private volatile boolean retentionLeader;

  ClusterShards(
      Vertx vertx,
      Leases leases,
      List<ClusterConfig> clusters,
      Function<ClusterConfig, Deployable> verticles) {
    this.vertx = vertx;
    this.leases = leases;
    this.clusters = List.copyOf(clusters);
    this.verticles = verticles;
    this.passes = new LeasePasses(vertx, leases, "allkinds-shards", "shards");
  }

  /** Registers the lease rows, takes a first share and starts the renewal timer. */
  void start() throws Exception {
    passes.start(
        () -> {
          leases.ensure(Leases.CLUSTER, clusters.stream().map(ClusterConfig::name).toList());
          leases.ensure(Leases.TASK, List.of(RETENTION));
          tick();
        },
        this::tick);
  }

  /** Whether this replica currently runs fleet-wide chores such as retention. */
  boolean retentionLeader() {
    return retentionLeader;
  }

  private void tick() throws Exception {
    int replicas = leases.heartbeat();
    Set<String> held = leases.renew(Leases.CLUSTER);
    for (String name : new ArrayList<>(held)) {
      if (clusters.stream().noneMatch(c -> c.name().equals(name))) {
        // Held from a run with another cluster list: leave it to the replicas still configured for
        // it.
        leases.release(Leases.CLUSTER, name);
        held.remove(name);
      }
    }
    for (String name : new ArrayList<>(deployed.keySet())) {
      if (!held.contains(name)) {
        LOG.warn(
            "cluster={} replica={} shards: lease lost (expired or taken over); stopping its sync",
            name,
            leases.owner());
        undeploy(name);
      }
    }
    FairShare fair = new FairShare(clusters.size(), replicas);
    if (fair.tooMany(held.size())) {
      String name =
          deployed.keySet().stream().filter(held::contains).reduce((a, b) -> b).orElse(null);
      if (name != null) {
        LOG.info(
            "cluster={} replica={} shards: {} replicas alive, holding {} clusters of a fair share of {};"
                + " handing this one over",
            name,
            leases.owner(),
            replicas,
            held.size(),
            fair.share());
        undeploy(name);
        leases.release(Leases.CLUSTER, name);
        held.remove(name);
      }
    }
    for (ClusterConfig cluster : clusters) {
      String name = cluster.name();
      if (held.contains(name) && !deployed.containsKey(name)) {
        deploy(cluster); // held from an earlier pass whose deployment failed
      } else if (!held.contains(name)
          && fair.roomFor(held.size())
          && leases.tryAcquire(Leases.CLUSTER, name)) {
        LOG.info(
            "cluster={} replica={} shards: lease taken; resuming its sync from the stored resume points",
            name,
            leases.owner());
        held.add(name);
        deploy(cluster);
      }
    }
    boolean leader =
        leases.renew(Leases.TASK).contains(RETENTION) || leases.tryAcquire(Leases.TASK, RETENTION);
    if (leader != retentionLeader) {
      LOG.info(
          "replica={} shards: {} the retention task",
          leases.owner(),
          leader ? "runs" : "no longer runs");
    }
    retentionLeader = leader;
  }

  private void deploy(ClusterConfig cluster) throws Exception {
    Future<String> id = vertx.deployVerticle(verticles.apply(cluster));
    deployed.put(
        cluster.name(), id.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
  }

  private void undeploy(String name) throws Exception {
    String id = deployed.remove(name);
    if (id != null) {
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /** How many clusters this replica syncs now (its deployed cluster verticles). */
  int clustersSyncing() {
    return deployed.size();
  }

  /**
   * Stops renewing; the leases themselves are released once the writer drained (see {@link
   * AllKinds}).
   */
  @Override
  public void close() {
    passes.close();
  }
}
