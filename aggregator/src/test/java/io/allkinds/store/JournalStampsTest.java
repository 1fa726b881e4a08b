package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A batch's sequence numbers and store times: one microsecond apart, never decreasing. */
class JournalStampsTest {

  private static final Instant AT = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  void eachChangeOfABatchIsStampedOneMicrosecondAfterThePrevious() {
    JournalStamps stamps = new JournalStamps(41, AT);
    assertEquals(41, stamps.take());
    assertEquals(42, stamps.take());
    assertEquals(AT, stamps.stamp(41));
    assertEquals(AT.plusNanos(1000), stamps.stamp(42));
    assertEquals(AT.plusNanos(1000), stamps.lastStamp());
    assertEquals(43, stamps.nextSeq());
  }

  @Test
  void aBatchThatJournaledNothingEndsAtItsOwnTime() {
    JournalStamps stamps = new JournalStamps(7, AT);
    assertEquals(AT, stamps.lastStamp());
    assertEquals(7, stamps.nextSeq());
  }
}
