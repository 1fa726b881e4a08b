package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.store.ChangeWriterTest;
import io.allkinds.store.Database;
import io.allkinds.store.DigestUpgradeTest;
import io.allkinds.store.EdgesUpgradeTest;
import io.allkinds.store.FillSearchTextTest;
import io.allkinds.store.LabelDriverTest;
import io.allkinds.store.LabelsUpgradeTest;
import io.allkinds.store.RetentionBytesTest;
import io.allkinds.store.RetentionTest;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.core.BaseConnection;

/**
 * The store's own tests (writer semantics, retention by age, count and bytes, the search-text,
 * label and edge migrations) again, each on a new PostgreSQL database; and what only PostgreSQL has
 * (batched inserts rewritten).
 */
@ExtendWith(SharedPostgres.class)
class PostgresStoreTest {

  private final Postgres postgres;

  PostgresStoreTest(Postgres postgres) {
    this.postgres = postgres;
  }

  private StoreConfig newDatabase(String prefix) throws Exception {
    return new StoreConfig(postgres.createDatabase(prefix), postgres.user(), postgres.password());
  }

  /**
   * The writer's inserts reach PostgreSQL as multi-row INSERTs (the driver's {@code
   * reWriteBatchedInserts}), unless the URL says otherwise.
   */
  @Test
  void batchedInsertsAreSentAsMultiRowStatements() throws Exception {
    StoreConfig config = newDatabase("rewrite");
    assertTrue(rewrites(config));
    assertFalse(
        rewrites(
            new StoreConfig(
                config.url()
                    + (config.url().contains("?") ? "&" : "?")
                    + "reWriteBatchedInserts=false",
                config.user(),
                config.password())),
        "the URL's setting wins");
  }

  private static boolean rewrites(StoreConfig config) throws Exception {
    try (Database db = Database.open(config);
        Connection c = db.writerDataSource().getConnection()) {
      return c.unwrap(BaseConnection.class).getQueryExecutor().isReWriteBatchedInsertsEnabled();
    }
  }

  /** {@link ChangeWriterTest} on PostgreSQL. */
  @Nested
  class Writer extends ChangeWriterTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("writer");
    }
  }

  /** {@link RetentionTest} on PostgreSQL. */
  @Nested
  class Retention extends RetentionTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("retention");
    }
  }

  /** {@link RetentionBytesTest} on PostgreSQL. */
  @Nested
  class RetentionBytes extends RetentionBytesTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("retentionbytes");
    }
  }

  /** {@link FillSearchTextTest} on PostgreSQL: the V4 Java migration fills rows from before it. */
  @Nested
  class FillSearchText extends FillSearchTextTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("searchtext");
    }
  }

  /** {@link LabelDriverTest} on PostgreSQL. */
  @Nested
  class LabelDriver extends LabelDriverTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("labeldriver");
    }
  }

  /** {@link LabelsUpgradeTest} on PostgreSQL: migration 7 keeps the labels of a version 6 store. */
  @Nested
  class LabelsUpgrade extends LabelsUpgradeTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("labelsupgrade");
    }
  }

  /**
   * {@link DigestUpgradeTest} on PostgreSQL: migration 11 keeps the digests of a version 10 store.
   */
  @Nested
  class DigestUpgrade extends DigestUpgradeTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("digestupgrade");
    }
  }

  /** {@link EdgesUpgradeTest} on PostgreSQL: migration 10 keeps the edges of a version 9 store. */
  @Nested
  class EdgesUpgrade extends EdgesUpgradeTest {
    @Override
    protected StoreConfig store() throws Exception {
      return newDatabase("edgesupgrade");
    }
  }
}
