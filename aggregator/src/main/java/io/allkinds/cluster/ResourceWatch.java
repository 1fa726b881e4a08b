package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.ChangeWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one resource type of one cluster in the store: lists it (see {@link TypeLister}), then
 * watches from the list's resourceVersion with bookmarks (a {@link WatchStream}, its events handled
 * by {@link WatchEvents}). It owns the watch's reconnects, run by {@link WatchRetries}: a watch
 * that ends is restarted from the last resourceVersion seen after a jittered back-off, through the
 * cluster's rate limit; a 410 relists and reconciles; an expired continue token backs off and
 * relists once without pages. It holds no objects: each one goes straight to the writer's bounded
 * queue, so a full queue slows the reading.
 */
final class ResourceWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);

  /** What the owning cluster wants to hear from a watch. */
  interface Listener {
    /** The first list of this watch has been handed to the writer. */
    void synced(ResourceWatch watch);

    /** An event arrived (used to notice CRD changes quickly). */
    void changed(ResourceWatch watch);
  }

  private final String cluster;
  private final KubernetesClient client;
  private final ResourceType type;
  private final ChangeWriter writer;
  private final ObjectEncoder encoder;
  private final SyncConfig sync;
  private final Listener listener;
  private final SyncMetrics metrics;
  private final RequestLimiter limiter;
  private final TypeLister lister;
  private final WatchRetries retries;
  private volatile boolean stopped;
  private volatile boolean synced;
  private volatile boolean unpagedNext;
  private final Executor events;
  private volatile WatchStream watch;
  private volatile long watchStartedAt;
  private volatile String lastResourceVersion;
  private volatile SyncState state;

  ResourceWatch(
      String cluster,
      KubernetesClient client,
      ResourceType type,
      ChangeWriter writer,
      ObjectEncoder encoder,
      ListLane lane,
      Vertx vertx,
      SyncConfig sync,
      Listener listener,
      SyncMetrics metrics,
      RequestLimiter limiter) {
    this.metrics = metrics;
    this.cluster = cluster;
    this.client = client;
    this.type = type;
    this.writer = writer;
    this.encoder = encoder;
    this.sync = sync;
    this.listener = listener;
    this.limiter = limiter;
    // the client's own executor, on which fabric8's watch manager ran the events before
    this.events = client.adapt(BaseClient.class).getExecutor();
    this.lister = new TypeLister(cluster, client, type, writer, encoder, sync, limiter, metrics);
    this.retries =
        new WatchRetries(
            cluster, type, vertx, lane, sync.backoffCap(), limiter, metrics, new Steps());
  }

  ResourceType type() {
    return type;
  }

  boolean isSynced() {
    return synced;
  }

  /** Starts by resuming the watch at {@code resumeFrom}, or by listing when it is null. */
  void start(String resumeFrom) {
    if (resumeFrom == null || resumeFrom.isEmpty()) {
      retries.list(0);
      return;
    }
    retries.run(
        "resuming the watch",
        () -> {
          LOG.info(
              "cluster={} type={} resuming watch at resourceVersion {}",
              cluster,
              type.groupResource(),
              resumeFrom);
          status(SyncState.WATCHING, "resumed at resourceVersion " + resumeFrom);
          markSynced();
          startWatch(resumeFrom);
          return null;
        });
  }

  /** Stops listing and watching; objects already handed to the writer are still written. */
  void stop() {
    stopped = true;
    retries.cancel();
    WatchStream w = watch;
    if (w != null) {
      w.close();
    }
  }

  /** Lists every object, hands each to the writer, then starts watching; blocking. */
  private void listAndWatch() throws Exception {
    if (stopped) {
      return;
    }
    boolean paged = !unpagedNext;
    status(SyncState.LISTING, paged ? null : "a continue token expired: listing in one request");
    metrics.listed();
    long generation = System.currentTimeMillis();
    long started = System.nanoTime();
    TypeLister.Listed listed;
    try {
      listed = lister.list(generation, paged, () -> stopped);
    } catch (TypeLister.ContinueExpired e) {
      unpagedNext = true; // as client-go's pager: the next attempt lists without pages
      metrics.continueExpired();
      throw e;
    }
    if (listed == null) {
      return;
    }
    unpagedNext = false;
    writer.submit(
        new StoreOp.ListDone(
            cluster, type, generation, listed.resourceVersion(), listed.objects()));
    LOG.info(
        "cluster={} type={} listed {} objects in {} page(s) in {} ms at resourceVersion {}",
        cluster,
        type.groupResource(),
        listed.objects(),
        listed.pages(),
        (System.nanoTime() - started) / 1_000_000,
        listed.resourceVersion());
    markSynced();
    startWatch(listed.resourceVersion());
    status(SyncState.WATCHING, null);
    retries.succeeded();
  }

  private void startWatch(String resourceVersion) throws InterruptedException {
    if (stopped) {
      return;
    }
    limiter.acquire();
    lastResourceVersion = resourceVersion;
    watchStartedAt = System.nanoTime();
    WatchEvents handler =
        new WatchEvents(cluster, type, sync, encoder, writer::submit, new Stream());
    watch = WatchStream.start(client, type, resourceVersion, events, handler);
    if (stopped) {
      watch.close();
    }
  }

  private void markSynced() {
    if (!synced) {
      synced = true;
      listener.synced(this);
    }
  }

  private void status(SyncState newState, String message) throws InterruptedException {
    if (newState != state || message != null) {
      if (newState != state) {
        LOG.info(
            "cluster={} type={} state {} -> {}{}",
            cluster,
            type.groupResource(),
            state == null ? "-" : state.wireName(),
            newState.wireName(),
            message == null ? "" : ": " + message);
      }
      state = newState;
      writer.submit(new StoreOp.TypeStatus(cluster, type, newState, message));
    }
  }

  /** The steps {@link WatchRetries} runs and retries. */
  private final class Steps implements WatchRetries.Steps {

    @Override
    public void listAndWatch() throws Exception {
      ResourceWatch.this.listAndWatch();
    }

    @Override
    public void restartWatch() throws Exception {
      startWatch(lastResourceVersion);
      status(SyncState.WATCHING, null); // back from an error, if the previous attempt failed
    }

    @Override
    public void status(SyncState newState, String message) throws InterruptedException {
      ResourceWatch.this.status(newState, message);
    }

    @Override
    public void forbidden() {
      // Nothing more will come until RBAC changes: the cluster is as synced as it can be.
      markSynced();
    }

    @Override
    public boolean stopped() {
      return stopped;
    }
  }

  /** What the current watch stream reports back (see {@link WatchEvents}). */
  private final class Stream implements WatchEvents.Owner {

    @Override
    public boolean stopped() {
      return stopped;
    }

    @Override
    public void changed() {
      listener.changed(ResourceWatch.this);
    }

    @Override
    public void handedOver(String resourceVersion) {
      lastResourceVersion = resourceVersion;
    }

    @Override
    public void ended(WatcherException cause) {
      retries.streamEnded(cause, watchStartedAt, lastResourceVersion);
    }
  }
}
