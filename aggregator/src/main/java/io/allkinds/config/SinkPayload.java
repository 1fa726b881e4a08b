package io.allkinds.config;

/** What a sink's events carry as data. */
public enum SinkPayload {
  /** The object as stored by the change (a deletion: its last state). */
  OBJECT,
  /** The RFC 6902 JSON Patch from the version before (an addition or deletion: the object). */
  PATCH,
  /** Both: {@code {"object": ..., "patch": ...}}, the patch null without a version before. */
  BOTH
}
