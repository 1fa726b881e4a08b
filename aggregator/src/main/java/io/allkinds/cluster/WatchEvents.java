package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the events of one watch on fabric8's per-watch serial executor and hands them to the
 * writer, in order: a bookmark as a resume point, an object of a wanted namespace as a change. The
 * end of the stream goes to the {@link Owner}, which decides how to go on.
 */
final class WatchEvents implements Watcher<GenericKubernetesResource> {

  private static final Logger LOG = LoggerFactory.getLogger(WatchEvents.class);

  /** Where store operations go: the writer's bounded queue, which blocks while it is full. */
  interface Sink {
    void submit(StoreOp op) throws InterruptedException;
  }

  /** The watch that owns this stream of events. */
  interface Owner {
    /** Whether the watch was stopped: events that still arrive are dropped. */
    boolean stopped();

    /** A change was handed to the writer (used to notice CRD changes quickly). */
    void changed();

    /** The event at {@code resourceVersion} was handed to the writer: a restart may begin there. */
    void handedOver(String resourceVersion);

    /** The stream ended other than by {@link io.fabric8.kubernetes.client.Watch#close()}. */
    void ended(WatcherException cause);
  }

  private final String cluster;
  private final ResourceType type;
  private final SyncConfig sync;
  private final ObjectEncoder encoder;
  private final Sink sink;
  private final Owner owner;

  WatchEvents(
      String cluster,
      ResourceType type,
      SyncConfig sync,
      ObjectEncoder encoder,
      Sink sink,
      Owner owner) {
    this.cluster = cluster;
    this.type = type;
    this.sync = sync;
    this.encoder = encoder;
    this.sink = sink;
    this.owner = owner;
  }

  @Override
  public void eventReceived(Action action, GenericKubernetesResource resource) {
    if (owner.stopped()) {
      return;
    }
    try {
      switch (action) {
        case BOOKMARK ->
            sink.submit(
                new StoreOp.Bookmark(cluster, type, resource.getMetadata().getResourceVersion()));
        case ADDED, MODIFIED, DELETED -> {
          if (sync.wantsNamespace(TypeLister.namespaceOf(resource))) {
            EventType t = EventType.valueOf(action.name());
            sink.submit(new StoreOp.WatchEvent(cluster, type, t, encoder.encode(type, resource)));
            owner.changed();
          }
        }
        default -> {
          LOG.debug(
              "cluster={} type={} ignoring watch event {}", cluster, type.groupResource(), action);
          return;
        }
      }
      // Handed to the writer, in order: a restarted watch may begin here.
      owner.handedOver(resource.getMetadata().getResourceVersion());
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
    if (!owner.stopped()) {
      owner.ended(cause);
    }
  }

  @Override
  public void onClose() {
    // a normal close: only ever after stop()
  }

  /**
   * Why a stream ended, for the log. With reconnects off, fabric8 reports any end of the stream as
   * "Exhausted reconnects".
   */
  static String endReason(WatcherException cause) {
    return cause.getCause() == null && "Exhausted reconnects".equals(cause.getMessage())
        ? "the stream ended"
        : Errors.describe(cause);
  }
}
