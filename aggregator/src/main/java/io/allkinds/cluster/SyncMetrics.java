package io.allkinds.cluster;

import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cluster's sync figures: lists and relists, LIST pages and their bytes, the last page size,
 * expired continue tokens, 410s, watch restarts, waits for the rate limit, and its state as a
 * one-hot gauge. Made once per cluster and process, so a cluster whose verticle is redeployed (a
 * lease taken back) keeps reporting through the same meters.
 */
public final class SyncMetrics {

  private final Counter lists;
  private final Counter gone;
  private final Counter restarts;
  private final Counter pages;
  private final Counter bytes;
  private final Counter continueExpired;
  private final Timer rateLimited;
  private final AtomicInteger pageSize = new AtomicInteger();
  private final AtomicReference<SyncState> state = new AtomicReference<>(SyncState.CONNECTING);

  private static Counter counter(
      MeterRegistry registry, String cluster, String name, String description) {
    return Counter.builder(name)
        .description(description)
        .tag("cluster", cluster)
        .register(registry);
  }

  public SyncMetrics(MeterRegistry registry, String cluster) {
    lists =
        counter(
            registry,
            cluster,
            "allkinds.lists",
            "Full lists of a resource type (first syncs and relists)");
    gone = counter(registry, cluster, "allkinds.watch.gone", "Watches that expired with 410 Gone");
    restarts =
        counter(
            registry,
            cluster,
            "allkinds.watch.restarts",
            "Watches that ended (server timeout, lost connection, error) and were restarted");
    pages = counter(registry, cluster, "allkinds.list.pages", "LIST pages read");
    bytes =
        Counter.builder("allkinds.list.bytes")
            .description("Bytes of JSON read from LIST responses")
            .baseUnit("bytes")
            .tag("cluster", cluster)
            .register(registry);
    continueExpired =
        counter(
            registry,
            cluster,
            "allkinds.list.continue.expired",
            "Paged lists whose continue token expired (410), followed by one unpaged list");
    Gauge.builder("allkinds.list.page.size", pageSize, AtomicInteger::get)
        .description("The limit of the last LIST page asked (adapts to the objects' size)")
        .tag("cluster", cluster)
        .register(registry);
    rateLimited =
        Timer.builder("allkinds.ratelimit.waits")
            .description(
                "Requests held back by the client-side rate limit, and how long they waited")
            .tag("cluster", cluster)
            .register(registry);
    for (SyncState s : SyncState.values()) {
      Gauge.builder("allkinds.cluster.state", state, r -> r.get() == s ? 1 : 0)
          .description("1 for the cluster's current state")
          .tags("cluster", cluster, "state", s.wireName())
          .register(registry);
    }
  }

  void listed() {
    lists.increment();
  }

  void gone() {
    gone.increment();
  }

  void pageListed(long jsonBytes, int limit) {
    pages.increment();
    bytes.increment((double) jsonBytes);
    pageSize.set(limit);
  }

  void continueExpired() {
    continueExpired.increment();
  }

  void rateLimited(long waitNanos) {
    rateLimited.record(waitNanos, TimeUnit.NANOSECONDS);
  }

  void watchRestarted() {
    restarts.increment();
  }

  void state(SyncState s) {
    state.set(s);
  }
}
