package io.allkinds.store;

import io.allkinds.config.StoreConfig;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One object's copies read live, as of an instant and across clusters ({@link CompareQueriesTest}),
 * again on a real PostgreSQL: the same SQL under PostgreSQL's planner and collation.
 */
@ExtendWith(SharedPostgres.class)
class PostgresCompareQueriesTest extends CompareQueriesTest {

  private final Postgres postgres;

  PostgresCompareQueriesTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  StoreConfig store() throws Exception {
    return new StoreConfig(
        postgres.createDatabase("compare"), postgres.user(), postgres.password());
  }
}
