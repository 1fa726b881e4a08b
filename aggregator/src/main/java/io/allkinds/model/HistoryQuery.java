package io.allkinds.model;

/**
 * One object's journal: by identity (cluster, group, version, kind, namespace, name) or by uid,
 * oldest first, {@code limit} entries after sequence number {@code afterSeq}. Build it with {@link
 * #byIdentity} or {@link #byUid}: exactly one of the two ways of naming the object is set.
 */
public record HistoryQuery(
    String cluster,
    String group,
    String version,
    String kind,
    String namespace,
    String name,
    String uid,
    long afterSeq,
    int limit) {

  /**
   * The history of the object with this identity; a null namespace means a cluster-scoped object
   * (stored as {@code ""}).
   */
  public static HistoryQuery byIdentity(ObjectName object, long afterSeq, int limit) {
    return new HistoryQuery(
        object.cluster(),
        object.group(),
        object.version(),
        object.kind(),
        object.namespace(),
        object.name(),
        null,
        afterSeq,
        limit);
  }

  /** The history of the object with this uid, in whichever cluster it lives. */
  public static HistoryQuery byUid(String uid, long afterSeq, int limit) {
    return new HistoryQuery(null, null, null, null, null, null, uid, afterSeq, limit);
  }
}
