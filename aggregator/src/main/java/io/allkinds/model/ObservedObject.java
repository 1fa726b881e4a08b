package io.allkinds.model;

import java.time.Instant;
import java.util.Map;

/**
 * One object as read from a cluster, already sanitised and encoded: the identity and the indexed
 * fields, plus the body as compressed JSON (never held longer than one write batch).
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
    byte[] body) {

  public ObservedObject {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
