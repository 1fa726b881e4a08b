package io.allkinds.store;

import io.allkinds.config.StoreConfig;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** The window diff ({@link DiffQueriesTest}) again on a real PostgreSQL: the same SQL. */
@ExtendWith(SharedPostgres.class)
class PostgresDiffQueriesTest extends DiffQueriesTest {

  private final Postgres postgres;

  PostgresDiffQueriesTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  StoreConfig store() throws Exception {
    return new StoreConfig(postgres.createDatabase("diff"), postgres.user(), postgres.password());
  }
}
