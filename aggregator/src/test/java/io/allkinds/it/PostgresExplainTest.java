package io.allkinds.it;

import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

/** Explaining changes against real processes ({@link ExplainTest}) again, on PostgreSQL. */
@ExtendWith(SharedPostgres.class)
class PostgresExplainTest extends ExplainTest {

  private final Postgres postgres;

  PostgresExplainTest(Postgres postgres) {
    this.postgres = postgres;
  }

  @Override
  String storeYaml() throws Exception {
    return postgres.storeYaml(postgres.createDatabase("explain"));
  }
}
