package io.allkinds.app;

import io.allkinds.cluster.ApiHttpClientFactory;
import io.allkinds.cluster.ClusterVerticle;
import io.allkinds.cluster.KubeClients;
import io.allkinds.cluster.ListThreads;
import io.allkinds.cluster.SyncMetrics;
import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ClusterConfig;
import io.allkinds.config.ShardingConfig;
import io.allkinds.store.BodyCodec;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.ChangeWriter;
import io.allkinds.store.CompactionTrigger;
import io.allkinds.store.CompareQueries;
import io.allkinds.store.CountQueries;
import io.allkinds.store.Database;
import io.allkinds.store.DiffQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.Leases;
import io.allkinds.store.OpQueue;
import io.allkinds.store.RelationQueries;
import io.allkinds.store.ResumePoints;
import io.allkinds.store.Retention;
import io.allkinds.store.SearchIndexer;
import io.allkinds.store.SinkQueries;
import io.allkinds.store.StatusQueries;
import io.allkinds.store.StoreHealth;
import io.allkinds.store.StoreSize;
import io.allkinds.store.WriteFence;
import io.allkinds.web.ApiLimits;
import io.allkinds.web.ApiQueries;
import io.allkinds.web.WebVerticle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running aggregator: builds every part with {@code new}, starts them in order (store, writer,
 * one verticle per cluster, web) and stops them in reverse.
 */
public final class AllKinds implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AllKinds.class);
  private static final long QUEUE_BYTES = 64L * 1024 * 1024;

  /**
   * The store queue's byte bound: 64 MB, or an eighth of the heap when that is less, so that a
   * small heap (a single cluster in 128 MB) holds a full queue, a batch and the live data at once.
   * Bodies are compressed: 16 MB are some 40,000 objects of 1 KB, plenty to keep the writer busy.
   */
  static long queueBytes(long maxHeap) {
    return Math.min(QUEUE_BYTES, maxHeap / 8);
  }

  private final Deque<AutoCloseable> shutdown = new ArrayDeque<>();
  private final Vertx vertx;
  private int httpPort;

  private AllKinds(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts everything the configuration describes; returns once the API is being served. */
  public static AllKinds start(AllKindsConfig config) throws Exception {
    LOG.info("starting AllKinds: {}", config.summary());
    Vertx vertx = Vertx.vertx();
    AllKinds app = new AllKinds(vertx);
    app.shutdown.push(() -> vertx.close().await(30, TimeUnit.SECONDS));
    try {
      app.startParts(config);
    } catch (Exception e) {
      app.close();
      throw e;
    }
    return app;
  }

  private void startParts(AllKindsConfig config) throws Exception {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    Database database = Database.open(config.store());
    shutdown.push(database);
    Gauge.builder("allkinds.database.size", database, Database::sizeBytes)
        .baseUnit("bytes")
        .description("Size of the embedded H2 file (-1 for other stores)")
        .register(metrics);
    BodyCodec codec = new BodyCodec();
    // Separate lanes: API queries, the writer, and leases with health checks each have their own
    // pool.
    var ds = database.dataSource();
    var writerDs = database.writerDataSource();
    var controlDs = database.controlDataSource();
    ShardingConfig sharding = config.sharding();
    Leases leases =
        sharding.enabled()
            ? new Leases(controlDs, sharding.replicaId(), sharding.leasePeriod())
            : null;
    StoreHealth storeHealth = new StoreHealth(Clock.systemUTC()).bindTo(metrics);
    ChangeWriter writer =
        new ChangeWriter(
            writerDs,
            new OpQueue(
                config.sync().queueCapacity(), queueBytes(Runtime.getRuntime().maxMemory())),
            config.sync().batchSize(),
            metrics,
            leases == null ? WriteFence.NONE : leases,
            storeHealth,
            database::evictConnections);
    writer.start();
    if (leases != null) {
      // After the writer drained: hand every cluster to the other replicas without waiting for
      // expiry.
      shutdown.push(
          () -> {
            leases.releaseAll();
            LOG.info("replica={} sharding: leases released", leases.owner());
          });
    }
    shutdown.push(writer);
    // Every cluster's discovery and lists share these threads; they stop before the writer drains,
    // so that no list is left waiting for room in its queue.
    ListThreads listThreads = new ListThreads(config.sync().listThreads());
    shutdown.push(listThreads);
    Gauge.builder("allkinds.lists.waiting", listThreads, ListThreads::waiting)
        .description("Discovery and list steps of every cluster waiting for a list thread")
        .register(metrics);

    // fabric8 shares our Vert.x instance for its I/O; its watch callbacks run on its own executor.
    int connections = config.sync().maxConnectionsPerServer();
    KubeClients clients =
        new KubeClients(
            new ApiHttpClientFactory(vertx, connections, true),
            new ApiHttpClientFactory(vertx, connections, false));
    Gauge.builder("allkinds.api.clients", clients, KubeClients::distinctClients)
        .description("API clients held: one per distinct API server and credentials")
        .register(metrics);
    ResumePoints resumePoints = new ResumePoints(writerDs);
    Map<String, SyncMetrics> syncMetrics = new HashMap<>();
    for (ClusterConfig cluster : config.clusters()) {
      syncMetrics.put(cluster.name(), new SyncMetrics(metrics, cluster.name()));
    }
    Function<ClusterConfig, Deployable> verticles =
        cluster ->
            new ClusterVerticle(
                cluster,
                config.sync(),
                clients,
                writer,
                resumePoints,
                codec,
                syncMetrics.get(cluster.name()),
                listThreads);
    BooleanSupplier retentionLeader = () -> true;
    JournalTail tail = new JournalTail(writer);
    if (leases == null) {
      List<Future<String>> clusters = new ArrayList<>();
      for (ClusterConfig cluster : config.clusters()) {
        clusters.add(vertx.deployVerticle(verticles.apply(cluster)));
      }
      Future.join(clusters).await(60, TimeUnit.SECONDS);
    } else {
      LOG.info(
          "replica={} sharding: sharing {} clusters with the other replicas of {} (lease {} s)",
          sharding.replicaId(),
          config.clusters().size(),
          config.store().safeUrl(),
          sharding.leasePeriod().toSeconds());
      ClusterShards shards = new ClusterShards(vertx, leases, config.clusters(), verticles);
      shards.start();
      shutdown.push(shards);
      Gauge.builder("allkinds.replica.clusters", shards, ClusterShards::clustersSyncing)
          .description("Clusters this replica syncs (holds the lease of)")
          .register(metrics);
      retentionLeader = shards::retentionLeader;
      // Other replicas write too: follow the journal head they advance, not only this writer's
      // commits.
      scheduleJournalPoll(tail, controlDs, sharding.replicaId());
    }
    // Verticles undeploy with Vert.x itself; the writer then drains what they queued.
    StoreSize storeSize = new StoreSize(controlDs, config.retention().maxBytes());
    StoreSizeGauge sizeGauge = new StoreSizeGauge(vertx, storeSize, metrics);
    sizeGauge.start(Duration.ofSeconds(30));
    shutdown.push(sizeGauge);
    ApiQueries queries =
        new ApiQueries(
            new StatusQueries(ds),
            new InventoryQueries(ds, codec),
            new HistoryQueries(ds, codec),
            new ChangeQueries(ds),
            new CountQueries(ds),
            tail,
            storeHealth,
            new StatusQueries(controlDs),
            storeSize,
            // The API's own pool: a status read never waits behind the sinks' deliveries.
            new SinkQueries(
                ds,
                config.sinks(),
                leases == null ? sharding.replicaId() : null,
                Clock.systemUTC()),
            new DiffQueries(ds),
            new RelationQueries(ds, codec),
            new CompareQueries(ds, codec));
    WebVerticle web =
        new WebVerticle(
            config.http(),
            config.clusters().stream().map(ClusterConfig::name).toList(),
            queries,
            metrics::scrape,
            ApiLimits.DEFAULTS);
    vertx.deployVerticle(web).await(60, TimeUnit.SECONDS);
    httpPort = web.port();
    SearchIndexer searchIndexer = database.searchIndexer();
    if (searchIndexer != null) {
      // While lists are under way (an initial sync) the writer comes first: a step at most every
      // minute. A sync's queue can run short while the lists wait for the API server, so the
      // queue's depth alone does not tell.
      searchIndexer.start(
          () ->
              writer.queueDepth() > config.sync().batchSize()
                  || writer.listedWithin(Duration.ofSeconds(5)),
          Duration.ofMinutes(1));
      shutdown.push(searchIndexer);
    }
    CompactionTrigger compaction = new CompactionTrigger(ds);
    if (config.store().url().startsWith("jdbc:h2:")) {
      // Only an embedded file is compacted (the trigger leaves H2 in memory or over TCP alone).
      CompactionSchedule compactions = new CompactionSchedule(vertx, compaction, metrics);
      compactions.start(Duration.ofMinutes(1));
      shutdown.push(compactions);
    }
    SinkStartup.start(vertx, config, database, codec, tail, leases, metrics)
        .forEach(shutdown::push);
    Retention retention =
        new Retention(
            ds,
            config.retention(),
            Clock.systemUTC(),
            storeSize,
            compaction,
            SinkStartup.floor(config));
    RetentionSchedule schedule = new RetentionSchedule(vertx, retention::prune, retentionLeader);
    schedule.start(Duration.ofMinutes(1), config.retention().interval());
    shutdown.push(schedule);
  }

  /**
   * Polls the shared journal head every 250 ms, one poll at a time. A failing poll is logged once,
   * with its cause, until one succeeds again: it repeats four times a second.
   */
  private void scheduleJournalPoll(JournalTail tail, DataSource controlDs, String replicaId) {
    WorkerExecutor poller = vertx.createSharedWorkerExecutor("allkinds-journal-poll", 1);
    AtomicBoolean polling = new AtomicBoolean();
    AtomicBoolean failing = new AtomicBoolean();
    vertx.setPeriodic(
        250,
        id -> {
          if (polling.compareAndSet(false, true)) {
            poller
                .executeBlocking(
                    () -> {
                      tail.poll(controlDs);
                      return null;
                    },
                    false)
                .onSuccess(
                    v -> {
                      if (failing.compareAndSet(true, false)) {
                        LOG.info("replica={} journal poll works again", replicaId);
                      }
                    })
                .onFailure(
                    e -> {
                      if (failing.compareAndSet(false, true)) {
                        LOG.warn(
                            "replica={} journal poll failed; retrying every 250 ms", replicaId, e);
                      }
                    })
                .onComplete(ar -> polling.set(false));
          }
        });
  }

  /** The port the API is served on. */
  public int httpPort() {
    return httpPort;
  }

  /** Stops every part in the reverse order of start. */
  @Override
  public void close() {
    while (!shutdown.isEmpty()) {
      try {
        shutdown.pop().close();
      } catch (Exception e) {
        LOG.warn("shutdown step failed: {}", e.toString());
      }
    }
  }
}
