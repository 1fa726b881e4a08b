package io.allkinds.model;

/**
 * Receives one object's journal entries one at a time, oldest first, with each entry's body as JSON
 * (UTF-8), so that a history page is streamed rather than held whole in memory.
 */
@FunctionalInterface
public interface JournalSink {

  /** Takes one entry; returns false to end the page after it (a byte budget is spent). */
  boolean accept(JournalEntry entry, byte[] body);

  /**
   * The object as it was just before the page (called once, before the entries, on later pages).
   */
  default void previous(byte[] body) {}
}
