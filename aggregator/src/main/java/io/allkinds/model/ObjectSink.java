package io.allkinds.model;

/**
 * Receives a listing's objects one at a time, as the store reads them, so that no page is held
 * whole in memory; {@code body} is the object's JSON (UTF-8), or null when not asked for.
 */
@FunctionalInterface
public interface ObjectSink {

  /** Takes one object; returns false to end the page after it (a byte budget is spent). */
  boolean accept(ObjectSummary summary, byte[] body);
}
