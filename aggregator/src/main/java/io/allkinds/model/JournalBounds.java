package io.allkinds.model;

/**
 * The sequence numbers the journal holds now: retention has pruned every entry before {@code
 * first}; {@code last} is the newest. Both are 0 when the journal is empty.
 */
public record JournalBounds(long first, long last) {

  /**
   * Whether a reader that has seen every entry up to {@code seq} can go on without a gap: nothing
   * after it has been pruned.
   */
  public boolean continuesAfter(long seq) {
    return first == 0 || seq >= first - 1;
  }
}
