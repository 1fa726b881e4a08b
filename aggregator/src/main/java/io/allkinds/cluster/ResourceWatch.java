package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.ChangeWriter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one resource type of one cluster in the store: lists it (see {@link TypeLister}), then
 * watches from the list's resourceVersion with bookmarks. It owns the watch's reconnects (fabric8's
 * are off): a watch that ends is restarted from the last resourceVersion seen after a jittered
 * back-off, through the cluster's rate limit; a 410 relists and reconciles; an expired continue
 * token backs off and relists once without pages. It holds no objects: each one goes straight to
 * the writer's bounded queue, so a full queue slows the reading.
 */
final class ResourceWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);

  /**
   * A watch that lived this long ended normally (the server's timeout): its back-off starts afresh.
   */
  private static final long HEALTHY_WATCH_NANOS = Duration.ofMinutes(1).toNanos();

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
  private final WorkerExecutor lists;
  private final Vertx vertx;
  private final SyncConfig sync;
  private final Listener listener;
  private final Backoff backoff;
  private final SyncMetrics metrics;
  private final RequestLimiter limiter;
  private final TypeLister lister;
  private volatile boolean stopped;
  private volatile boolean synced;
  private volatile boolean unpagedNext;
  private volatile Watch watch;
  private volatile long watchStartedAt;
  private volatile String lastResourceVersion;
  private volatile long timer = -1;
  private volatile SyncState state;

  ResourceWatch(
      String cluster,
      KubernetesClient client,
      ResourceType type,
      ChangeWriter writer,
      ObjectEncoder encoder,
      WorkerExecutor lists,
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
    this.lists = lists;
    this.vertx = vertx;
    this.sync = sync;
    this.listener = listener;
    this.limiter = limiter;
    this.backoff = new Backoff(sync.backoffCap());
    this.lister = new TypeLister(cluster, client, type, writer, encoder, sync, limiter, metrics);
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
      scheduleList(0);
      return;
    }
    lists
        .executeBlocking(
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
            },
            false)
        .onFailure(e -> failed("resuming the watch", e, true));
  }

  /** Stops listing and watching; objects already handed to the writer are still written. */
  void stop() {
    stopped = true;
    long t = timer;
    if (t >= 0) {
      vertx.cancelTimer(t);
    }
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }

  private void scheduleList(long delayMs) {
    schedule(
        delayMs,
        () ->
            lists
                .executeBlocking(
                    () -> {
                      listAndWatch();
                      return null;
                    },
                    false)
                .onFailure(e -> failed("listing", e, true)));
  }

  /** Restarts the watch from the last resourceVersion seen; a 410 relists instead. */
  private void scheduleWatch(long delayMs) {
    schedule(
        delayMs,
        () ->
            lists
                .executeBlocking(
                    () -> {
                      startWatch(lastResourceVersion);
                      status(
                          SyncState.WATCHING,
                          null); // back from an error, if the previous attempt failed
                      return null;
                    },
                    false)
                .onFailure(e -> failed("restarting the watch", e, isGone(e))));
  }

  private void schedule(long delayMs, Runnable run) {
    if (stopped) {
      return;
    }
    if (delayMs <= 0) {
      run.run();
    } else {
      timer = vertx.setTimer(delayMs, id -> run.run());
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
    writer.submit(new StoreOp.ListDone(cluster, type, generation, listed.resourceVersion()));
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
    backoff.reset();
  }

  private void startWatch(String resourceVersion) throws InterruptedException {
    if (stopped) {
      return;
    }
    limiter.acquire();
    ResourceDefinitionContext ctx =
        new ResourceDefinitionContext.Builder()
            .withGroup(type.group())
            .withVersion(type.version())
            .withPlural(type.resource())
            .withKind(type.kind())
            .withNamespaced(type.namespaced())
            .build();
    var op = client.genericKubernetesResources(ctx);
    lastResourceVersion = resourceVersion;
    watchStartedAt = System.nanoTime();
    var options =
        new ListOptionsBuilder()
            .withResourceVersion(resourceVersion)
            .withAllowWatchBookmarks(true)
            .build();
    watch =
        type.namespaced()
            ? op.inAnyNamespace().watch(options, new Events())
            : op.watch(options, new Events());
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

  private static boolean isGone(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 410;
  }

  /**
   * Reports a failure and retries after a back-off: by listing when {@code relist}, else by
   * watching again.
   */
  private void failed(String what, Throwable e, boolean relist) {
    if (stopped) {
      return;
    }
    long delay = backoff.nextDelayMs();
    SyncState state = SyncState.ERROR;
    String message = Errors.describe(e);
    Duration retryAfter = Errors.retryAfter(e);
    if (retryAfter != null) {
      limiter.pause(retryAfter);
      delay = Math.max(delay, retryAfter.toMillis());
    }
    if (e instanceof KubernetesClientException k && k.getCode() == 403) {
      state = SyncState.FORBIDDEN;
      delay = sync.backoffCap().toMillis();
      markSynced(); // nothing more will come until RBAC changes: the cluster is as synced as it can
      // be
    }
    LOG.warn(
        "cluster={} type={} {} failed: {}; retrying in {} ms",
        cluster,
        type.groupResource(),
        what,
        message,
        delay);
    String m = message;
    SyncState s = state;
    lists.executeBlocking(
        () -> {
          status(s, what + " failed: " + m);
          return null;
        },
        false);
    if (relist) {
      scheduleList(delay);
    } else {
      scheduleWatch(delay);
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

  /** Receives watch events on fabric8's per-watch serial executor and hands them to the writer. */
  private final class Events implements Watcher<GenericKubernetesResource> {

    @Override
    public void eventReceived(Action action, GenericKubernetesResource resource) {
      if (stopped) {
        return;
      }
      try {
        switch (action) {
          case BOOKMARK ->
              writer.submit(
                  new StoreOp.Bookmark(cluster, type, resource.getMetadata().getResourceVersion()));
          case ADDED, MODIFIED, DELETED -> {
            if (sync.wantsNamespace(TypeLister.namespaceOf(resource))) {
              EventType t = EventType.valueOf(action.name());
              writer.submit(
                  new StoreOp.WatchEvent(cluster, type, t, encoder.encode(type, resource)));
              listener.changed(ResourceWatch.this);
            }
          }
          default -> {
            LOG.debug(
                "cluster={} type={} ignoring watch event {}",
                cluster,
                type.groupResource(),
                action);
            return;
          }
        }
        // Handed to the writer, in order: a restarted watch may begin here.
        lastResourceVersion = resource.getMetadata().getResourceVersion();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.error(
            "cluster={} type={} cannot store a watch event: {}",
            cluster,
            type.groupResource(),
            e.toString());
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (stopped) {
        return;
      }
      if (cause.isHttpGone()) {
        LOG.info(
            "cluster={} type={} watch expired (410 Gone): relisting",
            cluster,
            type.groupResource());
        metrics.gone();
        scheduleList(backoff.nextDelayMs());
        return;
      }
      // fabric8's own reconnects are off, so every end of the stream lands here: the server's
      // timeout, a lost connection, a restarted API server. Restart with jitter, from where we are.
      metrics.watchRestarted();
      if (System.nanoTime() - watchStartedAt > HEALTHY_WATCH_NANOS) {
        backoff.reset();
      }
      long delay = backoff.nextDelayMs();
      Duration retryAfter = Errors.retryAfter(cause);
      if (retryAfter != null) {
        limiter.pause(retryAfter);
        delay = Math.max(delay, retryAfter.toMillis());
      }
      // With reconnects off, fabric8 reports any end of the stream as "Exhausted reconnects".
      String why =
          cause.getCause() == null && "Exhausted reconnects".equals(cause.getMessage())
              ? "the stream ended"
              : Errors.describe(cause);
      LOG.info(
          "cluster={} type={} watch ended ({}): restarting at resourceVersion {} in {} ms",
          cluster,
          type.groupResource(),
          why,
          lastResourceVersion,
          delay);
      scheduleWatch(delay);
    }

    @Override
    public void onClose() {
      // a normal close: only ever after stop()
    }
  }
}
