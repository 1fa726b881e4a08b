package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.ChangeWriter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one resource type of one cluster in the store: lists it in pages, then watches from the
 * list's resourceVersion with bookmarks; relists and reconciles on 410 Gone; retries failures with
 * back-off. It holds no objects: each one goes straight to the writer's bounded queue, so a full
 * queue slows the reading.
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
  private final WorkerExecutor lists;
  private final Vertx vertx;
  private final SyncConfig sync;
  private final Listener listener;
  private final Backoff backoff;
  private final SyncMetrics metrics;
  private volatile boolean stopped;
  private volatile boolean synced;
  private volatile Watch watch;
  private volatile long timer = -1;
  private volatile SyncState state;

  ResourceWatch(String cluster, KubernetesClient client, ResourceType type, ChangeWriter writer, ObjectEncoder encoder,
      WorkerExecutor lists, Vertx vertx, SyncConfig sync, Listener listener, SyncMetrics metrics) {
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
    this.backoff = new Backoff(sync.backoffCap());
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
    lists.executeBlocking(() -> {
      LOG.info("cluster={} type={} resuming watch at resourceVersion {}", cluster, type.groupResource(), resumeFrom);
      status(SyncState.WATCHING, "resumed at resourceVersion " + resumeFrom);
      markSynced();
      startWatch(resumeFrom);
      return null;
    }, false).onFailure(e -> failed("resuming the watch", e));
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

  private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> operation() {
    ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(type.version())
        .withPlural(type.resource())
        .withKind(type.kind())
        .withNamespaced(type.namespaced())
        .build();
    var op = client.genericKubernetesResources(ctx);
    return type.namespaced() ? op.inAnyNamespace() : op;
  }

  private void scheduleList(long delayMs) {
    if (stopped) {
      return;
    }
    Runnable run = () -> lists.executeBlocking(() -> {
      listAndWatch();
      return null;
    }, false).onFailure(e -> failed("listing", e));
    if (delayMs <= 0) {
      run.run();
    } else {
      timer = vertx.setTimer(delayMs, id -> run.run());
    }
  }

  /** Lists every object in pages, hands each to the writer, then starts watching; blocking. */
  private void listAndWatch() throws InterruptedException {
    if (stopped) {
      return;
    }
    status(SyncState.LISTING, null);
    metrics.listed();
    long generation = System.currentTimeMillis();
    String continueToken = null;
    String resourceVersion;
    long count = 0;
    long started = System.nanoTime();
    do {
      GenericKubernetesResourceList page = operation().list(new ListOptionsBuilder()
          .withLimit((long) sync.pageSize())
          .withContinue(continueToken)
          .build());
      for (GenericKubernetesResource item : page.getItems()) {
        if (stopped) {
          return;
        }
        if (sync.wantsNamespace(namespaceOf(item))) {
          writer.submit(new StoreOp.Listed(cluster, type, generation, encoder.encode(type, item)));
          count++;
          if (count % 10_000 == 0) {
            LOG.info("cluster={} type={} listing: {} objects so far", cluster, type.groupResource(), count);
          }
        }
      }
      continueToken = page.getMetadata().getContinue();
      resourceVersion = page.getMetadata().getResourceVersion();
    } while (continueToken != null && !continueToken.isEmpty());
    writer.submit(new StoreOp.ListDone(cluster, type, generation, resourceVersion));
    LOG.info("cluster={} type={} listed {} objects in {} ms at resourceVersion {}", cluster, type.groupResource(),
        count, (System.nanoTime() - started) / 1_000_000, resourceVersion);
    markSynced();
    startWatch(resourceVersion);
    status(SyncState.WATCHING, null);
    backoff.reset();
  }

  private void startWatch(String resourceVersion) {
    if (stopped) {
      return;
    }
    watch = operation().watch(new ListOptionsBuilder()
        .withResourceVersion(resourceVersion)
        .withAllowWatchBookmarks(true)
        .build(), new Events());
    if (stopped) {
      watch.close();
    }
  }

  private static String namespaceOf(GenericKubernetesResource r) {
    String ns = r.getMetadata() == null ? null : r.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  private void markSynced() {
    if (!synced) {
      synced = true;
      listener.synced(this);
    }
  }

  private void failed(String what, Throwable e) {
    if (stopped) {
      return;
    }
    long delay = backoff.nextDelayMs();
    SyncState state = SyncState.ERROR;
    String message = Errors.describe(e);
    if (e instanceof KubernetesClientException k) {
      if (k.getCode() == 403) {
        state = SyncState.FORBIDDEN;
        delay = sync.backoffCap().toMillis();
        markSynced(); // nothing more will come until RBAC changes: the cluster is as synced as it can be
      } else if (k.getCode() == 410) {
        delay = 0; // an expired continue token: list again from the start
      }
    }
    LOG.warn("cluster={} type={} {} failed: {}; retrying in {} ms", cluster, type.groupResource(), what, message, delay);
    String m = message;
    SyncState s = state;
    lists.executeBlocking(() -> {
      status(s, what + " failed: " + m);
      return null;
    }, false);
    scheduleList(delay);
  }

  private void status(SyncState newState, String message) throws InterruptedException {
    if (newState != state || message != null) {
      if (newState != state) {
        LOG.info("cluster={} type={} state {} -> {}{}", cluster, type.groupResource(),
            state == null ? "-" : state.wireName(), newState.wireName(), message == null ? "" : ": " + message);
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
          case BOOKMARK -> writer.submit(
              new StoreOp.Bookmark(cluster, type, resource.getMetadata().getResourceVersion()));
          case ADDED, MODIFIED, DELETED -> {
            if (!sync.wantsNamespace(namespaceOf(resource))) {
              return;
            }
            EventType t = EventType.valueOf(action.name());
            writer.submit(new StoreOp.WatchEvent(cluster, type, t, encoder.encode(type, resource)));
            listener.changed(ResourceWatch.this);
          }
          default -> LOG.debug("cluster={} type={} ignoring watch event {}", cluster, type.groupResource(), action);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.error("cluster={} type={} cannot store a watch event: {}", cluster, type.groupResource(), e.toString());
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (stopped) {
        return;
      }
      if (cause.isHttpGone()) {
        LOG.info("cluster={} type={} watch expired (410 Gone): relisting", cluster, type.groupResource());
        metrics.gone();
        scheduleList(0);
      } else {
        metrics.watchRestarted();
        failed("watching", cause);
      }
    }

    @Override
    public void onClose() {
      // a normal close: only ever after stop()
    }
  }
}
