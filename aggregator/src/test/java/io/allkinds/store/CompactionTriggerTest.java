package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic compaction on a real H2 file: after churn (every object rewritten, then most of the
 * journal pruned) the file is mostly garbage and a check shrinks it; a check on a file with little
 * garbage, or under the floor, leaves it alone; other stores are never touched.
 */
class CompactionTriggerTest {

  private static final int OBJECTS = Churn.OBJECTS;
  private static final int VERSIONS = Churn.VERSIONS;
  private static final long FLOOR = 1L << 20;

  @TempDir Path dir;

  @Test
  void shrinksAFileOfMostlyGarbageAndThenLeavesItAlone() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      CompactionTrigger trigger = mostlyGarbage(db, Duration.ofSeconds(30));
      long before = Files.size(file());

      CompactionTrigger.Check first = trigger.check();

      assertNotNull(first, "an embedded H2 file is checked");
      assertTrue(first.compacted(), "a file " + first.livePercent() + "% live is compacted");
      assertTrue(
          first.livePercent() < CompactionTrigger.DEFAULT_MIN_LIVE_PERCENT, first.toString());
      assertEquals(before, first.before());
      long after = first.after();
      assertTrue(after < before / 2, "the file shrank from " + before + " to " + after + " bytes");
      assertTrue(Files.size(file()) < before / 2, "the check reports the file's size on disk");
      assertEquals(1, trigger.compactions());

      CompactionTrigger.Check second = trigger.check();

      assertFalse(second.compacted(), "a compacted file is left alone: " + second);
      assertTrue(second.livePercent() >= CompactionTrigger.DEFAULT_MIN_LIVE_PERCENT, "" + second);
      assertEquals(second.before(), second.after());
      assertEquals(1, trigger.compactions());
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM objects WHERE deleted = FALSE AND resource_version = ?")) {
        ps.setString(1, String.valueOf(VERSIONS));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(OBJECTS, rs.getLong(1), "every object keeps its latest state");
        }
      }
    }
  }

  @Test
  void aFruitlessCompactionHoldsTheNextBack() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      // No time to compact: the pass gives nothing back and frees nothing.
      CompactionTrigger trigger = mostlyGarbage(db, Duration.ZERO);

      CompactionTrigger.Check first = trigger.check();
      CompactionTrigger.Check second = trigger.check();

      assertTrue(first.compacted(), "a mostly dead file is compacted: " + first);
      assertFalse(second.compacted(), "after a fruitless pass the next check waits: " + second);
      assertTrue(second.livePercent() < CompactionTrigger.DEFAULT_MIN_LIVE_PERCENT, "" + second);
      assertEquals(1, trigger.compactions());
    }
  }

  @Test
  void howLongAPassHoldsTheNextBack() {
    // Measured after a 100,000-object sync: the rewrite freed half the file as holes in the middle,
    // the moves did not reach its end yet; the next check goes on.
    assertEquals(
        Duration.ZERO,
        CompactionTrigger.holdBack(new H2Compaction.Result(698_000_000, 718_000_000, 2, 0, 53)));
    // Nothing freed (open transactions still used the dead chunks): a short wait.
    assertEquals(
        CompactionTrigger.AFTER_FRUITLESS,
        CompactionTrigger.holdBack(new H2Compaction.Result(576_000_000, 591_000_000, 3, 0, 0)));
    // Done: the next waits long (steady churn would otherwise compact every minute).
    assertEquals(
        CompactionTrigger.QUIET,
        CompactionTrigger.holdBack(new H2Compaction.Result(154_000_000, 52_000_000, 29, 0, 4)));
  }

  @Test
  void aClosedTriggerNoLongerCompacts() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      CompactionTrigger trigger = mostlyGarbage(db, Duration.ofSeconds(30));

      trigger.close(Duration.ofSeconds(5));

      assertNull(trigger.check(), "no check after close");
      assertEquals(0, trigger.compactions());
    }
  }

  @Test
  void leavesAFileUnderTheFloorAlone() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      Churn.write(db.writerDataSource());
      try (Connection c = db.dataSource().getConnection()) {
        Retention.pruneJournal(c, maxSeq(c));
      }
      // H2's background writer may still add a little to the file: a floor twice its size.
      long before = Files.size(file());
      CompactionTrigger trigger =
          new CompactionTrigger(db.dataSource(), before * 2, 100, new H2Compaction(Duration.ZERO));

      CompactionTrigger.Check check = trigger.check();

      assertFalse(check.compacted(), "under the floor: " + check);
      assertEquals(check.before(), check.after());
      assertEquals(0, trigger.compactions());
    }
  }

  @Test
  void leavesAStoreWithoutAFileAlone() throws Exception {
    try (Database db =
        Database.open(new StoreConfig("jdbc:h2:mem:compaction;DB_CLOSE_DELAY=-1", null, null))) {
      CompactionTrigger trigger = new CompactionTrigger(db.dataSource(), 0, 100, null);
      assertNull(trigger.check(), "H2 in memory has no file to compact");
      assertEquals(0, trigger.compactions());
    }
  }

  /**
   * Churn as retention leaves it (only the newest entry of each object stays in the journal), and a
   * trigger with the default live share that compacts for at most {@code budget}.
   */
  private static CompactionTrigger mostlyGarbage(Database db, Duration budget) throws Exception {
    Churn.write(db.writerDataSource());
    try (Connection c = db.dataSource().getConnection()) {
      Retention.pruneJournal(c, maxSeq(c) - OBJECTS);
    }
    return new CompactionTrigger(
        db.dataSource(),
        FLOOR,
        CompactionTrigger.DEFAULT_MIN_LIVE_PERCENT,
        new H2Compaction(budget));
  }

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("s");
  }

  private Path file() {
    return dir.resolve("s.mv.db");
  }

  private static long maxSeq(Connection c) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
