package io.allkinds.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.config.SyncConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.WatcherException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the events of one {@link WatchStream}, one at a time, and hands them to the writer, in
 * order: a bookmark as a resume point, an object of a wanted namespace as a change. An event that
 * cannot be handed over (it cannot be encoded, the writer refuses it) is not dropped: it ends the
 * stream, so that the watch restarts from the last event handed over and reads it again. The end of
 * the stream goes to the {@link Owner}, which decides how to go on.
 */
final class WatchEvents implements WatchStream.Handler {

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

    /** The stream ended other than by {@link WatchStream#close()}. */
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
  public void event(Action action, ObjectNode object) throws InterruptedException {
    if (owner.stopped()) {
      return;
    }
    String resourceVersion = object.path("metadata").path("resourceVersion").asText("");
    switch (action) {
      case BOOKMARK -> sink.submit(new StoreOp.Bookmark(cluster, type, resourceVersion));
      case ADDED, MODIFIED, DELETED -> {
        if (sync.wantsNamespace(TypeLister.namespaceOf(object))) {
          EventType t = EventType.valueOf(action.name());
          sink.submit(new StoreOp.WatchEvent(cluster, type, t, encoder.encode(type, object)));
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
    owner.handedOver(resourceVersion);
  }

  @Override
  public void ended(WatcherException cause) {
    if (!owner.stopped()) {
      owner.ended(cause);
    }
  }

  /** Why a stream ended, for the log. */
  static String endReason(WatcherException cause) {
    return cause.getCause() == null ? cause.getMessage() : Errors.describe(cause);
  }
}
