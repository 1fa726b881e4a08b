package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleUpToTheCapEachDrawnFromItsUpperHalf() {
    Backoff backoff = new Backoff(Duration.ofSeconds(8));
    long[] ceilings = {1000, 2000, 4000, 8000, 8000};
    for (long ceiling : ceilings) {
      long d = backoff.nextDelayMs();
      assertTrue(
          d >= ceiling / 2 && d <= ceiling, d + " within [" + ceiling / 2 + ", " + ceiling + "]");
    }
    backoff.reset();
    assertTrue(backoff.nextDelayMs() <= 1000, "a reset starts again from one second");
  }

  @Test
  void watchesThatFailTogetherDoNotRetryTogether() {
    // A thousand watches of one restarted API server: their first retries spread over half a
    // second.
    Set<Long> distinct = new HashSet<>();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      long d = new Backoff(Duration.ofSeconds(60)).nextDelayMs();
      distinct.add(d);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(distinct.size() > 250, "retries spread over many instants: " + distinct.size());
    assertTrue(max - min >= 400, "over most of [500, 1000] ms: " + min + ".." + max);
    assertEquals(true, min >= 500 && max <= 1000);
  }
}
