package io.allkinds.it;

import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query API's whole contract ({@link QueryApiTest}) again, with the aggregator on PostgreSQL.
 */
@ExtendWith(SharedPostgres.class)
class PostgresQueryApiTest extends QueryApiTest {

  private final Postgres postgres;

  PostgresQueryApiTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  String storeYaml() throws Exception {
    return postgres.storeYaml(postgres.createDatabase("query_api"));
  }
}
