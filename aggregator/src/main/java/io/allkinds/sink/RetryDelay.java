package io.allkinds.sink;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter for a sink's retries: from half a second, doubling to a minute,
 * each delay drawn at random from the upper half of its step; reset after an accepted request.
 */
final class RetryDelay {

  static final long FIRST_MS = 500;
  static final long CAP_MS = 60_000;

  private int attempt;

  /** The delay before the next try. */
  long nextMs() {
    long ceiling = Math.min(CAP_MS, FIRST_MS << Math.min(attempt, 20));
    attempt++;
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  void reset() {
    attempt = 0;
  }
}
