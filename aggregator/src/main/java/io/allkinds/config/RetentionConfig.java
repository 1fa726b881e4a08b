package io.allkinds.config;

import java.time.Duration;

/**
 * How long the journal keeps changes: entries older than {@code maxAge} are pruned, beyond {@code
 * maxJournalEntries} (0: no limit) the oldest go first, and while the store holds more than {@code
 * maxBytes} (0: no limit) the oldest go first too. Deleted objects leave the inventory after {@code
 * maxAge}; the latest state of live objects is never pruned.
 */
public record RetentionConfig(
    Duration maxAge, long maxJournalEntries, Duration interval, long maxBytes) {

  public static RetentionConfig defaults() {
    return new RetentionConfig(Duration.ofDays(30), 0, Duration.ofMinutes(10), 0);
  }
}
