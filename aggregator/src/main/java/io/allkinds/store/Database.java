package io.allkinds.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.allkinds.config.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool to the store, migrated by Flyway to the current schema before first use. */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final String url;

  private Database(HikariDataSource dataSource, String url) {
    this.dataSource = dataSource;
    this.url = url;
  }

  /** The size of the embedded H2 file in bytes, or -1 for other stores. */
  public long sizeBytes() {
    if (!url.startsWith("jdbc:h2:file:")) {
      return -1;
    }
    String path = url.substring("jdbc:h2:file:".length());
    int semicolon = path.indexOf(';');
    java.io.File file = new java.io.File((semicolon < 0 ? path : path.substring(0, semicolon)) + ".mv.db");
    return file.length();
  }

  /** Opens the pool and applies every pending migration; blocking, call it off the event loop. */
  public static Database open(StoreConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName("allkinds-store");
    hikari.setMaximumPoolSize(8);
    // With the store down, a request fails in 5 s with 503 rather than waiting 30 s for a connection.
    hikari.setConnectionTimeout(5_000);
    hikari.setAutoCommit(true);
    boolean postgres = config.url().startsWith("jdbc:postgresql:");
    if (postgres) {
      // API queries read small pages (LIMIT 100) along an index. When PostgreSQL misjudges how far
      // it must read, it starts parallel workers and JIT-compiles the plan, ~30 ms and ~80 ms that
      // such a query never needs (changes page at 5M entries: 450 -> 9 ms). Full scans, which the
      // API avoids, run on one core instead.
      hikari.setConnectionInitSql("SET jit = off; SET max_parallel_workers_per_gather = 0");
    }
    HikariDataSource ds = new HikariDataSource(hikari);
    try {
      // The same migrations for every engine, plus the few that only one engine has (its indexes).
      List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
      if (postgres) {
        locations.add("classpath:db/vendor/postgresql");
      }
      var result = Flyway.configure()
          .dataSource(ds)
          .locations(locations.toArray(String[]::new))
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("store: {} migrated to schema version {} ({} migrations applied)", config.url(),
            result.targetSchemaVersion, result.migrationsExecuted);
      } else {
        LOG.info("store: {} schema is up to date", config.url());
      }
      long filled = SearchText.backfill(ds);
      if (filled > 0) {
        LOG.info("store: filled the search text of {} objects stored before schema version 3", filled);
      }
    } catch (RuntimeException | java.sql.SQLException e) {
      ds.close();
      throw new StoreException("cannot migrate the store at " + config.url() + ": " + e.getMessage(), e);
    }
    return new Database(ds, config.url());
  }

  /** The pooled data source for readers and the writer. */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
