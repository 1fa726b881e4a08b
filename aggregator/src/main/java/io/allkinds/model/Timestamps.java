package io.allkinds.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Kubernetes timestamps (RFC 3339 in UTC, as {@code metadata.creationTimestamp} carries them), read
 * and written in one place.
 */
public final class Timestamps {

  private Timestamps() {}

  /**
   * The instant a stored or observed timestamp names, or null when it is absent or malformed: an
   * object's own timestamps are informative, and a bad one must not stop its change being stored.
   */
  public static Instant parseOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The RFC 3339 text of an instant, or null. */
  public static String format(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
