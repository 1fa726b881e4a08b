package io.allkinds.cluster;

import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.ResumePoints;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watches of one cluster, keyed by group and resource. Each discovery pass hands it the
 * wanted types: new ones start (resuming where a previous run stopped), vanished ones stop and
 * their objects are marked deleted, and a type whose preferred version changed is started afresh.
 */
final class WatchSet {

  private static final Logger LOG = LoggerFactory.getLogger(WatchSet.class);

  private final String cluster;
  private final ChangeWriter writer;
  private final Function<ResourceType, ResourceWatch> factory;
  private final Map<String, ResourceWatch> running = new HashMap<>();
  private final Map<String, ResumePoints.Point> stored = new HashMap<>();
  private boolean stopped;

  WatchSet(
      String cluster,
      ChangeWriter writer,
      Function<ResourceType, ResourceWatch> factory,
      List<ResumePoints.Point> storedTypes) {
    this.cluster = cluster;
    this.writer = writer;
    this.factory = factory;
    storedTypes.forEach(p -> stored.put(p.type().groupResource(), p));
  }

  /**
   * Brings the running watches in line with a discovery result; blocking (it may wait for room in
   * the writer's queue), so call it on a worker thread, one call at a time. Does nothing once
   * {@link #stopAll} ran: a discovery that ends after its cluster stopped starts no watch.
   */
  synchronized void reconcile(List<ResourceType> wanted, Set<String> failedGroups)
      throws InterruptedException {
    if (stopped) {
      return;
    }
    Map<String, ResourceType> byKey = new HashMap<>();
    wanted.forEach(t -> byKey.put(t.groupResource(), t));
    for (var it = running.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      ResourceType now = byKey.get(e.getKey());
      ResourceType was = e.getValue().type();
      if (now == null && failedGroups.contains(was.group())) {
        continue; // its group could not be read this time: keep watching
      }
      if (now == null || !now.version().equals(was.version())) {
        e.getValue().stop();
        it.remove();
        if (now == null) {
          LOG.info(
              "cluster={} type={} is no longer served: stopping its watch",
              cluster,
              was.groupResource());
          writer.submit(new StoreOp.TypeGone(cluster, was));
        } else {
          LOG.info(
              "cluster={} type={} preferred version changed {} -> {}: restarting",
              cluster,
              was.groupResource(),
              was.version(),
              now.version());
        }
      }
    }
    // Types stored by an earlier run that this cluster no longer serves.
    for (var it = stored.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!byKey.containsKey(e.getKey()) && !failedGroups.contains(e.getValue().type().group())) {
        LOG.info("cluster={} type={} was stored but is no longer served", cluster, e.getKey());
        writer.submit(new StoreOp.TypeGone(cluster, e.getValue().type()));
        it.remove();
      }
    }
    for (ResourceType t : wanted) {
      if (running.containsKey(t.groupResource())) {
        continue;
      }
      ResumePoints.Point previous = stored.remove(t.groupResource());
      String resumeFrom =
          previous != null && previous.type().version().equals(t.version())
              ? previous.resourceVersion()
              : null;
      ResourceWatch w = factory.apply(t);
      running.put(t.groupResource(), w);
      w.start(resumeFrom);
    }
  }

  /** Whether every running watch has finished its first list. */
  synchronized boolean allSynced() {
    return running.values().stream().allMatch(ResourceWatch::isSynced);
  }

  /** Stops every watch, for good. */
  synchronized void stopAll() {
    stopped = true;
    running.values().forEach(ResourceWatch::stop);
    running.clear();
  }
}
