package io.allkinds.model;

import java.time.Instant;
import java.util.Map;

/**
 * One object as read from a cluster, already sanitised and encoded: the identity and the indexed
 * fields, plus the body as compressed JSON (never held longer than one write batch), and the digest
 * the writer compares it with the stored version by (null when not worked out).
 */
// The body is the encoded JSON, handed on and never compared, so the record's array equality is
// moot.
@SuppressWarnings("ArrayRecordComponent")
public record ObservedObject(
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    Map<String, String> labels,
    Instant createdAt,
    byte[] body,
    ObjectDigest digest) {

  public ObservedObject {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** An object without a digest: its changes are journaled without changed paths or actors. */
  public ObservedObject(
      String namespace,
      String name,
      String uid,
      String resourceVersion,
      Map<String, String> labels,
      Instant createdAt,
      byte[] body) {
    this(namespace, name, uid, resourceVersion, labels, createdAt, body, null);
  }
}
