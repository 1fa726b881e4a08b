package io.allkinds.store;

import java.time.Instant;

/**
 * Hands out a batch's journal sequence numbers and their store times: change number k of the batch
 * is stamped k microseconds after the batch time, so every change has its own time and times never
 * decrease with seq (callers start the next batch after {@link #lastStamp()}).
 */
final class JournalStamps {

  private final Instant at;
  private final long firstSeq;
  private long nextSeq;

  JournalStamps(long nextSeq, Instant at) {
    this.at = at;
    this.firstSeq = nextSeq;
    this.nextSeq = nextSeq;
  }

  /** Takes the next sequence number. */
  long take() {
    return nextSeq++;
  }

  /** The store time of {@code seq}. */
  Instant stamp(long seq) {
    return at.plusNanos(1000 * (seq - firstSeq));
  }

  /** The batch's store time. */
  Instant batchTime() {
    return at;
  }

  /** The time of the batch's last change (or the batch time when it journaled nothing). */
  Instant lastStamp() {
    return stamp(Math.max(firstSeq, nextSeq - 1));
  }

  /** The sequence number the next journal entry will get. */
  long nextSeq() {
    return nextSeq;
  }
}
