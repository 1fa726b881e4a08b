package io.allkinds.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Java schema migration of the store, registered by {@link Database} (so it stays in this
 * package) with its version and description given here instead of by a Flyway class name; run in
 * the migration's transaction, and not checksummed, as Flyway's own Java migrations are not.
 */
abstract class StoreMigration implements JavaMigration {

  private final MigrationVersion version;
  private final String description;

  StoreMigration(String version, String description) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return version;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return null;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }
}
