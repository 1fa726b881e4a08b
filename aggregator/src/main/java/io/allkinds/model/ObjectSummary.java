package io.allkinds.model;

import java.time.Instant;

/**
 * The indexed facts about one stored object; {@code objectJson} is the whole object, present only
 * when asked for. {@code namespace} is null for cluster-scoped kinds; {@code seq} is the journal
 * entry of its last change.
 */
public record ObjectSummary(
    String cluster,
    ResourceType type,
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    String labelsJson,
    Instant createdAt,
    Instant observedAt,
    boolean deleted,
    long seq,
    String objectJson) {

  /** The identity key of this object. */
  public ObjectKey key() {
    return new ObjectKey(
        cluster, type.group(), type.resource(), namespace == null ? "" : namespace, name);
  }

  /** The same facts with the whole object attached. */
  public ObjectSummary withObjectJson(String json) {
    return new ObjectSummary(
        cluster,
        type,
        namespace,
        name,
        uid,
        resourceVersion,
        labelsJson,
        createdAt,
        observedAt,
        deleted,
        seq,
        json);
  }
}
