package io.allkinds.model;

/** The kind of change a journal entry records. */
public enum EventType {
  ADDED,
  MODIFIED,
  DELETED
}
