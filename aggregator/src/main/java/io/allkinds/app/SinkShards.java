package io.allkinds.app;

import io.allkinds.sink.Sinks;
import io.allkinds.store.Leases;
import io.allkinds.store.SinkCursors;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each sink to exactly one replica when several share one store: every fifth of a lease
 * period it renews this replica's sink leases, stops the sinks whose lease it lost, hands one back
 * when it holds more than its fair share, and takes free or expired leases up to that share. A sink
 * taken over resumes from its stored cursor; its previous holder can no longer move that cursor
 * (the store fences each move by the lease).
 */
final class SinkShards implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkShards.class);

  private final Leases leases;
  private final Sinks sinks;
  private final String kind = SinkCursors.leaseKind();
  private final LeasePasses passes;

  SinkShards(Vertx vertx, Leases leases, Sinks sinks) {
    this.leases = leases;
    this.sinks = sinks;
    this.passes = new LeasePasses(vertx, leases, "allkinds-sink-shards", "sink shards");
  }

  /** Registers the sinks' lease rows, takes a first share and starts the renewal timer. */
  void start() throws Exception {
    passes.start(
        () -> {
          leases.ensure(kind, sinks.names());
          tick();
        },
        this::tick);
  }

  private void tick() throws Exception {
    int replicas = leases.heartbeat();
    Set<String> held = leases.renew(kind);
    for (String name : new ArrayList<>(held)) {
      if (!sinks.names().contains(name)) {
        leases.release(kind, name); // a sink this replica is not configured with
        held.remove(name);
      }
    }
    for (String name : sinks.delivering()) {
      if (!held.contains(name)) {
        LOG.warn(
            "sink={} replica={} sink shards: lease lost (expired or taken over); stopping its delivery",
            name,
            leases.owner());
        sinks.stop(name);
      }
    }
    FairShare fair = new FairShare(sinks.names().size(), replicas);
    if (fair.tooMany(held.size())) {
      String name = held.stream().sorted().reduce((a, b) -> b).orElse(null);
      if (name != null) {
        LOG.info(
            "sink={} replica={} sink shards: holding {} sinks of a fair share of {}; handing this one over",
            name,
            leases.owner(),
            held.size(),
            fair.share());
        sinks.stop(name);
        leases.release(kind, name);
        held.remove(name);
      }
    }
    List<String> names = new ArrayList<>(sinks.names());
    for (String name : names) {
      if (held.contains(name)) {
        sinks.start(name); // no-op when it runs already
      } else if (fair.roomFor(held.size()) && leases.tryAcquire(kind, name)) {
        LOG.info(
            "sink={} replica={} sink shards: lease taken; delivering from the stored cursor",
            name,
            leases.owner());
        held.add(name);
        sinks.start(name);
      }
    }
  }

  /** Stops renewing; the leases are released with the others at shutdown. */
  @Override
  public void close() {
    passes.close();
  }
}
