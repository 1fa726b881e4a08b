package io.allkinds.cluster;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, from one second up to a cap; {@link #reset()} after a success.
 * The jitter spreads retries that fail together (every watch of a restarted API server) over time.
 */
final class Backoff {

  private final long capMs;
  private int attempt;

  Backoff(Duration cap) {
    this.capMs = Math.max(1000, cap.toMillis());
  }

  /** The next delay: doubling from 1 s, capped, and drawn at random from its upper half. */
  synchronized long nextDelayMs() {
    long ceiling = Math.min(capMs, 1000L << Math.min(attempt, 20));
    attempt++;
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  synchronized void reset() {
    attempt = 0;
  }
}
