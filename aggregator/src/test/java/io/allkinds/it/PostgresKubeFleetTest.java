package io.allkinds.it;

import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fleet root ({@link KubeFleetTest}) again, with the aggregator on PostgreSQL. */
@ExtendWith(SharedPostgres.class)
class PostgresKubeFleetTest extends KubeFleetTest {

  private final Postgres postgres;

  PostgresKubeFleetTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  String storeYaml() throws Exception {
    return postgres.storeYaml(postgres.createDatabase("kube_fleet"));
  }
}
