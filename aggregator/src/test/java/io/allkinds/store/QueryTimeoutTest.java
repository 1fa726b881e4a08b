package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query that runs out of time on a real H2 store becomes a 503-worthy "too slow" naming what to
 * narrow.
 */
class QueryTimeoutTest {

  @TempDir Path dir;

  @Test
  void anH2StatementTimeoutBecomesQueryTooSlow() throws Exception {
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null));
        Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps =
          Rows.prepare(
              c,
              "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b WHERE a.X + b.X = 7")) {
        ps.setQueryTimeout(1); // the API's limit is 20 s; one is enough to see H2 cancel it
        SQLException e = assertThrows(SQLException.class, ps::executeQuery);
        StoreException mapped = Rows.failure(e, "the listing", "narrow it with kind");
        assertInstanceOf(QueryTooSlowException.class, mapped, e.toString());
        assertTrue(mapped.getMessage().contains("narrow it with kind"), mapped.getMessage());
      }
      try (PreparedStatement ps = Rows.prepare(c, "SELECT 1")) {
        assertTrue(
            ps.getQueryTimeout() == Rows.QUERY_TIMEOUT_SECONDS,
            "every API statement has the limit");
      }
    }
  }
}
