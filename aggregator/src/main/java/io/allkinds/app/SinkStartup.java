package io.allkinds.app;

import io.allkinds.config.AllKindsConfig;
import io.allkinds.sink.Sinks;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.Database;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.Leases;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.allkinds.store.SinkFloor;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the configured sinks: their store parts on the sinks' pool, every sink delivered here when
 * this aggregator runs alone, its share by lease with replicas; and the floor they set retention.
 */
final class SinkStartup {

  private static final Logger LOG = LoggerFactory.getLogger(SinkStartup.class);

  private SinkStartup() {}

  /**
   * Creates the sinks' cursors and starts delivering; returns what to close at shutdown, in the
   * order to push it. Blocking.
   */
  static List<AutoCloseable> start(
      Vertx vertx,
      AllKindsConfig config,
      Database database,
      BodyCodec codec,
      JournalTail tail,
      Leases leases,
      MeterRegistry metrics)
      throws Exception {
    List<AutoCloseable> parts = new ArrayList<>();
    if (config.sinks().isEmpty()) {
      return parts;
    }
    DataSource sinkDs = database.sinkDataSource();
    SinkCursors cursors = new SinkCursors(sinkDs, leases == null ? null : leases.owner());
    Sinks sinks =
        new Sinks(
            vertx,
            config.sinks(),
            new Sinks.Store(
                cursors,
                new SinkDeadLetters(sinkDs, cursors),
                new ChangeQueries(sinkDs),
                new HistoryQueries(sinkDs, codec)),
            tail,
            metrics);
    sinks.ensureCursors();
    parts.add(sinks);
    if (leases == null) {
      sinks.startAll();
    } else {
      SinkShards shards = new SinkShards(vertx, leases, sinks);
      shards.start();
      parts.add(shards);
    }
    LOG.info("sinks: {} configured: {}", config.sinks().size(), sinks.names());
    return parts;
  }

  /** What retention owes the configured sinks: each one's maximum lag. */
  static SinkFloor floor(AllKindsConfig config) {
    if (config.sinks().isEmpty()) {
      return SinkFloor.NONE;
    }
    Map<String, Long> lags = new HashMap<>();
    config.sinks().forEach(s -> lags.put(s.name(), s.maxLagEntries()));
    return new SinkFloor(lags);
  }
}
