package io.allkinds.cluster;

import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cluster's sync figures: lists and relists, 410s, watch restarts, and its state as a one-hot
 * gauge. Made once per cluster and process, so a cluster whose verticle is redeployed (a lease
 * taken back) keeps reporting through the same meters.
 */
public final class SyncMetrics {

  private final Counter lists;
  private final Counter gone;
  private final Counter restarts;
  private final AtomicReference<SyncState> state = new AtomicReference<>(SyncState.CONNECTING);

  public SyncMetrics(MeterRegistry registry, String cluster) {
    lists = Counter.builder("allkinds.lists").description("Full lists of a resource type (first syncs and relists)")
        .tag("cluster", cluster).register(registry);
    gone = Counter.builder("allkinds.watch.gone").description("Watches that expired with 410 Gone")
        .tag("cluster", cluster).register(registry);
    restarts = Counter.builder("allkinds.watch.restarts").description("Watches that failed and were restarted")
        .tag("cluster", cluster).register(registry);
    for (SyncState s : SyncState.values()) {
      Gauge.builder("allkinds.cluster.state", state, r -> r.get() == s ? 1 : 0)
          .description("1 for the cluster's current state").tags("cluster", cluster, "state", s.wireName())
          .register(registry);
    }
  }

  void listed() {
    lists.increment();
  }

  void gone() {
    gone.increment();
  }

  void watchRestarted() {
    restarts.increment();
  }

  void state(SyncState s) {
    state.set(s);
  }
}
