package io.allkinds.it;

import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl against the store ({@link KubectlApiTest}) again, with the aggregator on PostgreSQL. */
@ExtendWith(SharedPostgres.class)
class PostgresKubectlApiTest extends KubectlApiTest {

  private final Postgres postgres;

  PostgresKubectlApiTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  String storeYaml() throws Exception {
    return postgres.storeYaml(postgres.createDatabase("kubectl_api"));
  }
}
