package io.allkinds.bench;

import io.allkinds.config.SinkConfig;
import io.allkinds.config.SinkFilter;
import io.allkinds.config.SinkMode;
import io.allkinds.sink.Sinks;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import javax.sql.DataSource;

/** The sink benchmark's one sink, wired as the aggregator wires its sinks. */
final class BenchSink {

  private BenchSink() {}

  /**
   * A sink of every change to {@code url} in {@code mode}, with the defaults but for the batch size
   * ({@code -Dbench.sink.batchSize}, default 100).
   */
  static SinkConfig config(String url, SinkMode mode) {
    SinkConfig d = SinkConfig.of("bench", URI.create(url), SinkFilter.any());
    return new SinkConfig(
        d.name(),
        d.url(),
        d.filter(),
        d.payload(),
        mode,
        Integer.getInteger("bench.sink.batchSize", d.batchSize()),
        d.timeout(),
        d.maxAttempts(),
        d.maxLagEntries(),
        d.headers(),
        d.token());
  }

  /**
   * The sinks of {@code config} over the sinks' pool {@code ds}, their cursor created at the
   * journal's head; not started yet.
   */
  static Sinks wire(
      Vertx vertx,
      DataSource ds,
      BodyCodec codec,
      JournalTail tail,
      MeterRegistry registry,
      SinkConfig config)
      throws Exception {
    SinkCursors cursors = new SinkCursors(ds, null);
    Sinks sinks =
        new Sinks(
            vertx,
            List.of(config),
            new Sinks.Store(
                cursors,
                new SinkDeadLetters(ds, cursors),
                new ChangeQueries(ds),
                new HistoryQueries(ds, codec)),
            tail,
            registry);
    sinks.ensureCursors();
    return sinks;
  }
}
