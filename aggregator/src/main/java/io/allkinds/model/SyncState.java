package io.allkinds.model;

/** How far a cluster or one of its resource types has got, as shown to users. */
public enum SyncState {
  CONNECTING,
  LISTING,
  WATCHING,
  FORBIDDEN,
  ERROR,
  UNREACHABLE,
  GONE;

  /** The lower-case name used in the API and the database. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
