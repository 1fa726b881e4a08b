package io.allkinds.store;

import io.allkinds.config.StoreConfig;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paging returns every object once, in order ({@link ContinuedPageScanTest}), again on a real
 * PostgreSQL: the same SQL, with its redundant range bounds, under PostgreSQL's collation.
 */
@ExtendWith(SharedPostgres.class)
class PostgresContinuedPageScanTest extends ContinuedPageScanTest {

  private final Postgres postgres;

  PostgresContinuedPageScanTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  StoreConfig store() throws Exception {
    return new StoreConfig(
        postgres.createDatabase("page_scan"), postgres.user(), postgres.password());
  }

  @Override
  boolean h2() {
    return false;
  }
}
