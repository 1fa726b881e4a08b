package io.allkinds.cluster;

import java.util.function.LongSupplier;

/**
 * A token bucket that spaces out requests to one API server: {@code qps} tokens a second, at most
 * {@code burst} saved up. A caller reserves a token and learns how long to wait before using it, so
 * waiting callers are served in order and none waits longer than its place in line. A server's
 * {@code Retry-After} pauses the whole bucket.
 */
final class TokenBucket {

  private final double nanosPerToken;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long updatedAt;
  private long pausedUntil;

  TokenBucket(int qps, int burst, LongSupplier nanoClock) {
    if (qps <= 0 || burst <= 0) {
      throw new IllegalArgumentException("qps and burst must be positive");
    }
    this.nanosPerToken = 1e9 / qps;
    this.burst = burst;
    this.clock = nanoClock;
    this.tokens = burst;
    this.updatedAt = nanoClock.getAsLong();
    this.pausedUntil = updatedAt;
  }

  /**
   * Takes one token and returns how many nanoseconds the caller must wait before sending (0: at
   * once).
   */
  synchronized long reserve() {
    long now = clock.getAsLong();
    refill(now);
    tokens -= 1; // may go negative: a debt that later callers wait behind
    long wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * nanosPerToken);
    return Math.max(wait, pausedUntil - now);
  }

  /**
   * Sends nothing before {@code nanos} from now (a server's Retry-After); a shorter pause changes
   * nothing.
   */
  synchronized void pause(long nanos) {
    long until = clock.getAsLong() + nanos;
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  private void refill(long now) {
    long elapsed = now - updatedAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed / nanosPerToken);
      updatedAt = now;
    }
  }
}
