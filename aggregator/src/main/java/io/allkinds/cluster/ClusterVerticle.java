package io.allkinds.cluster;

import io.allkinds.config.ClusterConfig;
import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.ResumePoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one cluster: connects, discovers its resource types (again on a timer and soon after any
 * CRD change), and keeps one {@link ResourceWatch} per type running. Its discovery and lists run in
 * its own lane of the process's shared {@link ListThreads}. A cluster that cannot be reached, or
 * whose kubeconfig is broken, is reported and retried; it never affects other clusters. Stopping it
 * releases everything it holds: timers, watches, its client and its queued steps.
 */
public final class ClusterVerticle extends VerticleBase implements ResourceWatch.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterVerticle.class);
  private static final String CRDS = "customresourcedefinitions.apiextensions.k8s.io";

  private final ClusterConfig cluster;
  private final SyncConfig sync;
  private final KubeClients clients;
  private final ChangeWriter writer;
  private final ResumePoints resumePoints;
  private final BodyCodec codec;
  private final Backoff backoff;
  private final SyncMetrics metrics;
  private final Discovery discovery;
  private final Redactor redactor;
  private final RequestLimiter limiter;
  private final ListThreads listThreads;
  private final AtomicBoolean discovering = new AtomicBoolean();
  private final AtomicBoolean rediscoveryPending = new AtomicBoolean();
  private volatile KubernetesClient client;
  private volatile SharedClients.Lease<KubernetesClient> clientLease;
  private volatile WatchSet watches;
  private volatile SyncState state;
  private volatile boolean stopped;
  private volatile ListLane lane;
  private long periodic = -1;
  private long retryTimer = -1;

  public ClusterVerticle(
      ClusterConfig cluster,
      SyncConfig sync,
      KubeClients clients,
      ChangeWriter writer,
      ResumePoints resumePoints,
      BodyCodec codec,
      SyncMetrics metrics,
      ListThreads listThreads) {
    this.metrics = metrics;
    this.cluster = cluster;
    this.sync = sync;
    this.clients = clients;
    this.writer = writer;
    this.resumePoints = resumePoints;
    this.codec = codec;
    this.backoff = new Backoff(sync.backoffCap());
    this.redactor = new Redactor(sync.redact());
    this.discovery = new Discovery(sync);
    this.limiter = new RequestLimiter(sync.qps(), sync.burst(), metrics);
    this.listThreads = listThreads;
  }

  @Override
  public Future<?> start() {
    lane = listThreads.lane(cluster.name(), sync.maxConcurrentLists(), context);
    periodic = vertx.setPeriodic(sync.rediscoveryInterval().toMillis(), id -> discover());
    connect();
    // Deployment never waits for the cluster: an unreachable one must not hold up the others.
    return Future.succeededFuture();
  }

  private void connect() {
    if (stopped) {
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              status(SyncState.CONNECTING, null, null);
              SharedClients.Lease<KubernetesClient> lease = clients.create(cluster);
              try {
                KubernetesClient c = lease.get();
                String server = c.getMasterUrl().toString();
                WatchSet set =
                    new WatchSet(
                        cluster.name(), writer, this::newWatch, resumePoints.of(cluster.name()));
                status(SyncState.CONNECTING, "connecting to " + server, server);
                clientLease = lease;
                client = c;
                watches = set;
              } catch (Exception | Error e) {
                // A failed attempt must not leave its share of a client (and connections) behind.
                lease.close();
                throw e;
              }
              if (stopped) {
                lease.close(); // stopped meanwhile: stop() may have missed this client
              }
              return null;
            },
            false)
        .onSuccess(v -> discover())
        .onFailure(
            e -> {
              if (stopped) {
                return;
              }
              long delay = backoff.nextDelayMs();
              String message = Errors.describe(e);
              LOG.error(
                  "cluster={} cannot be set up: {}; retrying in {} ms",
                  cluster.name(),
                  message,
                  delay);
              reportLater(SyncState.ERROR, message);
              retryTimer = vertx.setTimer(delay, id -> connect());
            });
  }

  private ResourceWatch newWatch(ResourceType type) {
    ObjectEncoder encoder = new ObjectEncoder(codec, sync.dropManagedFields(), redactor);
    return new ResourceWatch(
        cluster.name(), client, type, writer, encoder, lane, vertx, sync, this, metrics, limiter);
  }

  private void discover() {
    if (stopped || client == null || !discovering.compareAndSet(false, true)) {
      return;
    }
    lane.submit(
            () -> {
              long t0 = System.nanoTime();
              Discovery.Result result = discovery.discover(client, limiter);
              watches.reconcile(result.types(), result.failedGroups());
              String message =
                  result.problems().isEmpty()
                      ? null
                      : "some API groups could not be read: " + result.problems();
              LOG.debug(
                  "cluster={} discovery found {} types in {} ms",
                  cluster.name(),
                  result.types().size(),
                  (System.nanoTime() - t0) / 1_000_000);
              status(watches.allSynced() ? SyncState.WATCHING : SyncState.LISTING, message, null);
              return null;
            })
        .onComplete(
            ar -> {
              discovering.set(false);
              if (ar.succeeded()) {
                backoff.reset();
                return;
              }
              if (stopped || ar.cause() instanceof ListLane.Closed) {
                return;
              }
              long delay = backoff.nextDelayMs();
              Duration retryAfter = Errors.retryAfter(ar.cause());
              if (retryAfter != null) {
                limiter.pause(retryAfter);
                delay = Math.max(delay, retryAfter.toMillis());
              }
              String message = "discovery failed: " + Errors.describe(ar.cause());
              LOG.warn("cluster={} {}; retrying in {} ms", cluster.name(), message, delay);
              reportLater(SyncState.UNREACHABLE, message);
              retryTimer = vertx.setTimer(delay, id -> discover());
            });
  }

  @Override
  public void synced(ResourceWatch watch) {
    WatchSet set = watches;
    if (set != null && set.allSynced() && state == SyncState.LISTING) {
      reportLater(SyncState.WATCHING, null);
    }
  }

  @Override
  public void changed(ResourceWatch watch) {
    if (CRDS.equals(watch.type().groupResource())
        && rediscoveryPending.compareAndSet(false, true)) {
      // A new CRD is served a moment after its event: look soon, and once more a little later.
      context.runOnContext(
          v -> {
            vertx.setTimer(500, id -> discover());
            vertx.setTimer(
                3000,
                id -> {
                  rediscoveryPending.set(false);
                  discover();
                });
          });
    }
  }

  private void reportLater(SyncState newState, String message) {
    vertx
        .executeBlocking(
            () -> {
              status(newState, message, null);
              return null;
            },
            false)
        .onFailure(
            e ->
                LOG.warn("cluster={} cannot record its state: {}", cluster.name(), e.getMessage()));
  }

  private void status(SyncState newState, String message, String server)
      throws InterruptedException {
    if (newState != state || message != null || server != null) {
      if (newState != state) {
        LOG.info(
            "cluster={} state {} -> {}{}",
            cluster.name(),
            state == null ? "-" : state.wireName(),
            newState.wireName(),
            message == null ? "" : ": " + message);
      }
      state = newState;
      metrics.state(newState);
      writer.submit(new StoreOp.ClusterStatus(cluster.name(), server, newState, message));
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(periodic);
    vertx.cancelTimer(retryTimer);
    lane.close(); // steps not started yet fail at once; running ones see their watch stopped
    return vertx.executeBlocking(
        () -> {
          WatchSet set = watches;
          if (set != null) {
            set.stopAll();
          }
          SharedClients.Lease<KubernetesClient> c = clientLease;
          if (c != null) {
            c.close(); // the client itself closes with the last cluster that shares it
          }
          return null;
        });
  }
}
