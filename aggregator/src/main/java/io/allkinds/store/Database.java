package io.allkinds.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.allkinds.config.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection pools, migrated by Flyway to the current schema before first use. Each
 * lane has its own pool, so none waits behind another: the writer's (2 connections), the leases',
 * journal tail's and health checks' (4), and the API queries' (8).
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource queries;
  private final HikariDataSource writer;
  private final HikariDataSource control;
  private final HikariDataSource sinks;
  private final String url;

  private Database(
      HikariDataSource queries,
      HikariDataSource writer,
      HikariDataSource control,
      HikariDataSource sinks,
      String url) {
    this.sinks = sinks;
    this.queries = queries;
    this.writer = writer;
    this.control = control;
    this.url = url;
  }

  /** The size of the embedded H2 file in bytes, or -1 for other stores. */
  public long sizeBytes() {
    if (!url.startsWith("jdbc:h2:file:")) {
      return -1;
    }
    String path = url.substring("jdbc:h2:file:".length());
    int semicolon = path.indexOf(';');
    java.io.File file =
        new java.io.File((semicolon < 0 ? path : path.substring(0, semicolon)) + ".mv.db");
    return file.length();
  }

  /**
   * The URL the pools open: an embedded H2 file gets {@code AUTO_COMPACT_FILL_RATE=0} unless the
   * URL sets it. H2's own background compaction rewrites chunks under the store's lock whenever the
   * fill rate drops below 90%, as it does under steady churn, and held the writer's commits (and so
   * every live feed) for 0.7 to 1.3 s at a time at 100,000 objects; {@link CompactionTrigger}
   * compacts in short steps beside the writer instead.
   */
  static String jdbcUrl(String url) {
    if (!url.startsWith("jdbc:h2:file:")
        || url.toUpperCase(Locale.ROOT).contains(";AUTO_COMPACT_FILL_RATE=")) {
      return url;
    }
    return url + ";AUTO_COMPACT_FILL_RATE=0";
  }

  private static HikariDataSource pool(
      StoreConfig config, String name, int size, long connectionTimeoutMs) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl(config.url()));
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName(name);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(Math.min(size, 2));
    hikari.setConnectionTimeout(connectionTimeoutMs);
    hikari.setAutoCommit(true);
    // A connection that saw a store-wide fault (H2 closed its database after a failed write) is
    // dropped: a new connection reopens the database once the fault is cured.
    hikari.setExceptionOverride(
        new SQLExceptionOverride() {
          @java.lang.Override
          public SQLExceptionOverride.Override adjudicate(java.sql.SQLException e) {
            return StoreErrors.spoilsConnection(e)
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
          }
        });
    if (config.url().startsWith("jdbc:postgresql:")) {
      // API queries read small pages (LIMIT 100) along an index. When PostgreSQL misjudges how far
      // it must read, it starts parallel workers and JIT-compiles the plan, ~30 ms and ~80 ms that
      // such a query never needs (changes page at 5M entries: 450 -> 9 ms). Full scans, which the
      // API avoids, run on one core instead.
      hikari.setConnectionInitSql("SET jit = off; SET max_parallel_workers_per_gather = 0");
      // The writer queues a batch's inserts in JDBC batches; sent as multi-row INSERTs, a first
      // list's object, journal and edge set rows cost PostgreSQL one statement per batch instead
      // of one per row. A reWriteBatchedInserts in the URL still wins.
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return new HikariDataSource(hikari);
  }

  /** Opens the pools and applies every pending migration; blocking, call it off the event loop. */
  public static Database open(StoreConfig config) {
    boolean postgres = config.url().startsWith("jdbc:postgresql:");
    // With the store down, a request fails in 5 s with 503 rather than waiting 30 s for a
    // connection;
    // the writer and lease renewals ask again sooner, so they notice a store that is back sooner.
    HikariDataSource ds = pool(config, "allkinds-store", 8, 5_000);
    try {
      // The same migrations for every engine, plus the few that only one engine has (its indexes),
      // plus those written in Java (data that SQL cannot compute alike on every engine).
      List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
      List<JavaMigration> java =
          new ArrayList<>(
              List.of(
                  new FillSearchText(),
                  new CopyLabelsBySearchId(),
                  new CopyEdgesToSets(),
                  new FillEdgeSourceKeys()));
      if (postgres) {
        locations.add("classpath:db/vendor/postgresql");
      } else if (config.url().startsWith("jdbc:h2:")) {
        locations.add("classpath:db/vendor/h2");
        java.add(new FillSearchGrams());
      }
      var result =
          Flyway.configure()
              .dataSource(ds)
              .locations(locations.toArray(String[]::new))
              .javaMigrations(java.toArray(JavaMigration[]::new))
              .load()
              .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info(
            "store: {} migrated to schema version {} ({} migrations applied)",
            config.safeUrl(),
            result.targetSchemaVersion,
            result.migrationsExecuted);
      } else {
        LOG.info("store: {} schema is up to date", config.safeUrl());
      }
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException(
          "cannot migrate the store at "
              + config.safeUrl()
              + ": "
              + StoreConfig.safe(e.getMessage()),
          e);
    }
    HikariDataSource writer = null;
    try {
      writer = pool(config, "allkinds-store-writer", 2, 2_000);
      // Lease passes and the journal tail one connection each, health checks up to two; the sinks'
      // reads and cursor moves two, whatever the number of sinks.
      return new Database(
          ds,
          writer,
          pool(config, "allkinds-store-control", 4, 2_000),
          pool(config, "allkinds-store-sinks", 2, 5_000),
          config.url());
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      ds.close();
      throw e;
    }
  }

  /**
   * Brings H2's q= index ({@code object_grams}) up to every stored search text now, for a store
   * loaded in bulk (a running store has a {@link #searchIndexer()} do it behind the writer);
   * returns how many objects it indexed (none on engines that index the search text themselves).
   * Blocking.
   */
  public long indexSearchText() throws java.sql.SQLException {
    try (java.sql.Connection c = writer.getConnection()) {
      return GramRows.kept(c) ? SearchIndexer.catchUp(c) : 0;
    }
  }

  /**
   * The indexer that keeps H2's q= index up behind the writer, not yet started; null on engines
   * that index the search text themselves. Blocking.
   */
  public SearchIndexer searchIndexer() throws java.sql.SQLException {
    try (java.sql.Connection c = queries.getConnection()) {
      return GramRows.kept(c) ? new SearchIndexer(queries) : null;
    }
  }

  /** The API queries' pool (and that of tools that read or copy the store). */
  public DataSource dataSource() {
    return queries;
  }

  /** The store writer's own pool: its commits never wait behind API queries. */
  public DataSource writerDataSource() {
    return writer;
  }

  /** The sinks' pool: their journal reads, cursor moves and dead letters. */
  public DataSource sinkDataSource() {
    return sinks;
  }

  /** The pool of lease renewals, heartbeats, the journal tail and health checks. */
  public DataSource controlDataSource() {
    return control;
  }

  /**
   * Retires every idle connection of every pool (and busy ones when returned), so that the next
   * ones are new: after a store-wide fault, that reopens an embedded database that closed itself.
   */
  public void evictConnections() {
    queries.getHikariPoolMXBean().softEvictConnections();
    writer.getHikariPoolMXBean().softEvictConnections();
    control.getHikariPoolMXBean().softEvictConnections();
    sinks.getHikariPoolMXBean().softEvictConnections();
  }

  @Override
  public void close() {
    sinks.close();
    control.close();
    writer.close();
    queries.close();
  }
}
