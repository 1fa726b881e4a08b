package io.allkinds.web;

/**
 * How much work the API takes on at once, so that no client (or crowd of clients) can exhaust the
 * heap, the threads or the store's connections.
 *
 * @param queryThreads threads running store queries for the API (each may hold one connection)
 * @param queryQueue requests that may wait for a thread; beyond threads plus queue, 503 with
 *     Retry-After
 * @param maxEventStreams open {@code /api/v1/watch} streams; beyond it, 503 with Retry-After
 * @param pageBytes a page of objects or history ends after the entry that crosses this many bytes
 */
public record ApiLimits(int queryThreads, int queryQueue, int maxEventStreams, long pageBytes) {

  /**
   * Defaults: 4 query threads leave most of the store's 8 connections to the writer, leases and
   * retention; 64 waiting requests absorb a UI burst; 256 streams; 8 MiB pages (40 objects of 200
   * KB, or 1,000 typical objects of a few KB, so ordinary pages still end at {@code limit}).
   */
  public static final ApiLimits DEFAULTS = new ApiLimits(4, 64, 256, 8L * 1024 * 1024);

  public ApiLimits {
    if (queryThreads < 1 || queryQueue < 0 || maxEventStreams < 0 || pageBytes < 1) {
      throw new IllegalArgumentException(
          "API limits must be positive: "
              + queryThreads
              + ", "
              + queryQueue
              + ", "
              + maxEventStreams
              + ", "
              + pageBytes);
    }
  }
}
