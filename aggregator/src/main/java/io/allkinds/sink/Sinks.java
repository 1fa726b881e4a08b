package io.allkinds.sink;

import io.allkinds.config.SinkConfig;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.SinkCursors;
import io.allkinds.store.SinkDeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The configured sinks of this aggregator: each delivered by its own {@link SinkDeliverer} while
 * this replica runs it (every sink when it runs alone; those whose lease it holds with replicas).
 * Their store work shares two worker threads and the store's sinks pool, whatever their number.
 */
public final class Sinks implements AutoCloseable {

  /** What the deliverers read and write in the store. */
  public record Store(
      SinkCursors cursors,
      SinkDeadLetters deadLetters,
      ChangeQueries changes,
      HistoryQueries history) {}

  private final Vertx vertx;
  private final Map<String, SinkConfig> configs = new LinkedHashMap<>();
  private final Store store;
  private final JournalTail tail;
  private final MeterRegistry registry;
  private final WorkerExecutor worker;
  private final Map<String, SinkDeliverer> running = new ConcurrentHashMap<>();
  private final Map<String, SinkMetrics> metrics = new ConcurrentHashMap<>();

  public Sinks(
      Vertx vertx, List<SinkConfig> sinks, Store store, JournalTail tail, MeterRegistry registry) {
    this.vertx = vertx;
    sinks.forEach(s -> configs.put(s.name(), s));
    this.store = store;
    this.tail = tail;
    this.registry = registry;
    this.worker = vertx.createSharedWorkerExecutor("allkinds-sinks", 2);
  }

  /** The configured sinks' names. */
  public Set<String> names() {
    return configs.keySet();
  }

  /**
   * Creates the stored cursor of every sink that has none, at the journal's head. Blocking, call it
   * off the event loop.
   */
  public void ensureCursors() throws Exception {
    store.cursors().ensure(configs.keySet());
  }

  /** Starts delivering {@code name} from its stored cursor, unless it runs already. */
  public void start(String name) {
    SinkConfig config = configs.get(name);
    if (config == null) {
      throw new IllegalArgumentException("no sink named " + name);
    }
    running.computeIfAbsent(
        name,
        n -> {
          SinkDeliverer d =
              new SinkDeliverer(
                  vertx,
                  worker,
                  config,
                  new RoundReader(
                      config,
                      store.cursors(),
                      store.deadLetters(),
                      store.changes(),
                      store.history()),
                  store.cursors(),
                  store.deadLetters(),
                  tail,
                  metrics.computeIfAbsent(n, x -> new SinkMetrics(registry, x)));
          d.start();
          return d;
        });
  }

  /** Starts every configured sink. */
  public void startAll() {
    configs.keySet().forEach(this::start);
  }

  /** Stops delivering {@code name}; its cursor stays where it was stored. */
  public void stop(String name) {
    stopping(name);
  }

  private Future<Void> stopping(String name) {
    SinkDeliverer d = running.remove(name);
    return d == null ? Future.succeededFuture() : d.stop();
  }

  /** The sinks this aggregator delivers now. */
  public Set<String> delivering() {
    return Set.copyOf(running.keySet());
  }

  @Override
  public void close() throws Exception {
    List<Future<Void>> stops = new ArrayList<>();
    List.copyOf(running.keySet()).forEach(n -> stops.add(stopping(n)));
    // The deliverers stop on their own event loops: only then may their worker go.
    Future.join(stops).await(10, TimeUnit.SECONDS);
    worker.close();
  }
}
