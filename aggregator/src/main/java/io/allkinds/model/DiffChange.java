package io.allkinds.model;

import java.util.Locale;

/**
 * How an object changed over a window: added, deleted, added and deleted inside it (transient), or
 * modified (including deleted and re-created).
 */
public enum DiffChange {
  ADDED,
  DELETED,
  MODIFIED,
  TRANSIENT;

  /** The change an object's first and last entries in the window make. */
  public static DiffChange of(EventType first, EventType last) {
    boolean added = first == EventType.ADDED;
    boolean deleted = last == EventType.DELETED;
    if (added && deleted) {
      return TRANSIENT;
    }
    if (added) {
      return ADDED;
    }
    return deleted ? DELETED : MODIFIED;
  }

  /** The API's name: {@code added}, {@code deleted}, {@code modified}, {@code transient}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
