package io.allkinds.model;

/**
 * One instruction for the store's writer, produced by a cluster's watches. The writer applies them
 * in order, in batches, one transaction per batch, and stamps each change with the time it was
 * stored.
 */
public sealed interface StoreOp {

  /** The cluster the instruction is about. */
  String cluster();

  /** An object seen by a watch event. */
  record WatchEvent(String cluster, ResourceType type, EventType eventType, ObservedObject object)
      implements StoreOp {}

  /** An object seen in a page of a (re)list with the given generation. */
  record Listed(String cluster, ResourceType type, long generation, ObservedObject object)
      implements StoreOp {}

  /**
   * A (re)list finished: objects of the type not seen in this generation were deleted while nobody
   * watched; {@code resourceVersion} is where the watch starts, and {@code objects} how many
   * objects the list stored, which are then exactly the type's live ones.
   */
  record ListDone(
      String cluster, ResourceType type, long generation, String resourceVersion, long objects)
      implements StoreOp {}

  /** A watch bookmark: the resourceVersion a restarted watch may resume from. */
  record Bookmark(String cluster, ResourceType type, String resourceVersion) implements StoreOp {}

  /** The type is no longer served (its CRD was deleted): its live objects are marked deleted. */
  record TypeGone(String cluster, ResourceType type) implements StoreOp {}

  /** A resource type's state changed. */
  record TypeStatus(String cluster, ResourceType type, SyncState state, String message)
      implements StoreOp {}

  /** A cluster's state changed. */
  record ClusterStatus(String cluster, String server, SyncState state, String message)
      implements StoreOp {}
}
