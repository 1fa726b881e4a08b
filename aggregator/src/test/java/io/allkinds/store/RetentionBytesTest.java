package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.RetentionConfig;
import io.allkinds.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention by bytes on a real H2 file: over {@code maxBytes}, the oldest journal entries go first
 * until the store is under budget, the newest stay, and every live object keeps its latest state. A
 * subclass runs it on PostgreSQL.
 */
public class RetentionBytesTest {

  private static final int OBJECTS = Churn.OBJECTS;
  private static final int VERSIONS = Churn.VERSIONS;

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void prunesTheOldestEntriesUntilUnderBudgetAndKeepsLiveObjects() throws Exception {
    try (Database db = Database.open(store())) {
      Churn.write(db.dataSource());
      StoreSize size = new StoreSize(db.dataSource(), 0);
      long live;
      long fileBefore;
      long[] before;
      try (Connection c = db.dataSource().getConnection()) {
        live = size.liveBytes(c);
        fileBefore = size.measure(c);
        before = journalSeqs(c);
      }
      assertEquals(OBJECTS * VERSIONS, before[2], "every change is in the journal");
      // Room for about half of the journal: the rest of the store (the objects' latest state, and
      // on
      // PostgreSQL their dead versions until vacuumed) stays as it is.
      long budget = live - journalBytes(db) / 2;
      RetentionConfig config =
          new RetentionConfig(Duration.ofDays(30), 0, Duration.ofMinutes(1), budget);
      Retention retention = new Retention(db.dataSource(), config, Clock.systemUTC(), size);
      Retention.Result r = retention.prune();
      long pruned = r.overBudget();
      // A pass prunes by an estimate: a few passes at most bring the live data under the budget.
      for (int pass = 1; pass < 4 && liveBytes(db, size) > budget; pass++) {
        r = retention.prune();
        pruned += r.overBudget();
      }

      long[] after;
      try (Connection c = db.dataSource().getConnection()) {
        after = journalSeqs(c);
        long liveAfter = size.liveBytes(c);
        assertTrue(liveAfter <= budget, "live data " + liveAfter + " under the budget " + budget);
        if (StoreSize.isH2(c)) {
          // H2 frees the pruned rows' space inside the file but never returns it by itself;
          // compaction gives a good part of it back (the rest holds the objects and their indexes).
          assertTrue(
              r.bytes() < fileBefore * 3 / 4,
              "the H2 file shrank from " + fileBefore + " to " + r.bytes() + " bytes");
        }
        assertEquals(
            OBJECTS, liveObjectsAtLatestVersion(c), "live objects keep their latest state");
      }
      assertTrue(pruned > 0, "entries were pruned for the budget");
      assertEquals(pruned, before[2] - after[2]);
      assertTrue(after[2] > 0, "not the whole journal: only as much as the budget needs");
      assertTrue(after[2] < before[2] * 3 / 4, "at least a quarter of the journal went");
      assertEquals(before[1], after[1], "the newest entry stays");
      assertEquals(after[1] - after[0] + 1, after[2], "what remains is the newest entries, no gap");
      assertTrue(after[0] > before[0], "the oldest went first");
      assertEquals(r.bytes(), size.bytes(), "the pass measured the size");

      assertEquals(0, retention.prune().overBudget(), "a store under budget is left alone");
    }
  }

  private static long journalBytes(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*), SUM(OCTET_LENGTH(body)) FROM journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) * StoreSize.JOURNAL_ROW_OVERHEAD + rs.getLong(2);
    }
  }

  private static long liveBytes(Database db, StoreSize size) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      return size.liveBytes(c);
    }
  }

  /** [oldest seq, newest seq, count] of the journal. */
  private static long[] journalSeqs(Connection c) throws Exception {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT MIN(seq), MAX(seq), COUNT(*) FROM journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  private static long liveObjectsAtLatestVersion(Connection c) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM objects WHERE deleted = FALSE AND resource_version = ?")) {
      ps.setString(1, String.valueOf(VERSIONS));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
