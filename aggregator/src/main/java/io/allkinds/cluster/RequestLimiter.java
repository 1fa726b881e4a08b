package io.allkinds.cluster;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The client-side rate limit of one cluster: every request AllKinds makes to its API server
 * (discovery, LIST pages, watch starts) first takes a token here. Waiting blocks the calling
 * thread, so it is refused on an event loop; callers are fabric8 and the shared {@link
 * ListThreads}.
 */
final class RequestLimiter {

  private final TokenBucket bucket;
  private final SyncMetrics metrics;

  RequestLimiter(int qps, int burst, SyncMetrics metrics) {
    this.bucket = new TokenBucket(qps, burst, System::nanoTime);
    this.metrics = metrics;
  }

  /** Waits for a token; blocking, so never on an event loop. */
  void acquire() throws InterruptedException {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "the request rate limit must not be waited for on an event loop");
    }
    long wait = bucket.reserve();
    if (wait > 0) {
      metrics.rateLimited(wait);
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Holds back every request to this cluster for {@code delay} (a 429 answer's Retry-After). */
  void pause(Duration delay) {
    bucket.pause(delay.toNanos());
  }
}
