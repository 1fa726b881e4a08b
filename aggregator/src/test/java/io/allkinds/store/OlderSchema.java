package io.allkinds.store;

import io.allkinds.config.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/** A store's schema as an older aggregator left it, on the store's engine: for upgrade tests. */
final class OlderSchema {

  private OlderSchema() {}

  /** Whether {@code store} is a PostgreSQL database (whose vendor migrations differ from H2's). */
  static boolean postgres(StoreConfig store) {
    return store.url().startsWith("jdbc:postgresql:");
  }

  /** Migrates {@code store} up to and including {@code version}, with the engine's own steps. */
  static void migrate(StoreConfig store, String version) {
    List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
    List<JavaMigration> java =
        new ArrayList<>(
            List.of(
                new FillSearchText(),
                new CopyLabelsBySearchId(),
                new CopyEdgesToSets(),
                new FillEdgeSourceKeys()));
    if (postgres(store)) {
      locations.add("classpath:db/vendor/postgresql");
    } else {
      locations.add("classpath:db/vendor/h2");
      java.add(new FillSearchGrams());
    }
    Flyway.configure()
        .dataSource(store.url(), store.user(), store.password())
        .locations(locations.toArray(String[]::new))
        .javaMigrations(java.toArray(JavaMigration[]::new))
        .target(version)
        .load()
        .migrate();
  }
}
