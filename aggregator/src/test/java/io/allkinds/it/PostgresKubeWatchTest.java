package io.allkinds.it;

import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Watches of the store ({@link KubeWatchTest}) again, with the aggregator on PostgreSQL. */
@ExtendWith(SharedPostgres.class)
class PostgresKubeWatchTest extends KubeWatchTest {

  private final Postgres postgres;

  PostgresKubeWatchTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  String storeYaml() throws Exception {
    return postgres.storeYaml(postgres.createDatabase("kube_watch"));
  }
}
