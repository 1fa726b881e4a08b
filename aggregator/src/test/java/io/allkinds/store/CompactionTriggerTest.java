package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic compaction on a real H2 file: after churn (every object rewritten, then most of the
 * journal pruned) the file is mostly garbage and a check shrinks it; a check on a file with little
 * garbage, or under the floor, leaves it alone; other stores are never touched.
 */
class CompactionTriggerTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final int OBJECTS = 100;
  private static final int VERSIONS = 30;
  private static final long FLOOR = 1L << 20;

  @TempDir Path dir;

  @Test
  void shrinksAFileOfMostlyGarbageAndThenLeavesItAlone() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      write(db);
      try (Connection c = db.dataSource().getConnection()) {
        // Churn as retention leaves it: only the newest entry of each object stays in the journal.
        Retention.pruneJournal(c, maxSeq(c) - OBJECTS);
      }
      CompactionTrigger trigger =
          new CompactionTrigger(
              db.dataSource(),
              FLOOR,
              CompactionTrigger.DEFAULT_MIN_LIVE_PERCENT,
              new H2Compaction(Duration.ofSeconds(30)));
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
  void leavesAFileUnderTheFloorAlone() throws Exception {
    try (Database db = Database.open(new StoreConfig(url(), null, null))) {
      write(db);
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

  /** {@link #OBJECTS} ConfigMaps of about 2.5 KB, each written {@link #VERSIONS} times. */
  private static void write(Database db) throws Exception {
    BodyCodec codec = new BodyCodec();
    Random random = new Random(15);
    ChangeWriter writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(1000, 64 << 20),
            200,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
    for (int v = 1; v <= VERSIONS; v++) {
      for (int i = 0; i < OBJECTS; i++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c",
                CM,
                v == 1 ? EventType.ADDED : EventType.MODIFIED,
                obj(codec, random, "cm-" + i, String.valueOf(v))));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (writer.opsWritten() < 1 + OBJECTS * VERSIONS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not finish: " + writer.opsWritten());
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
    writer.close();
  }

  /** A ConfigMap of random text, which does not deflate much, like real data. */
  private static ObservedObject obj(BodyCodec codec, Random random, String name, String rv) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 2500; i++) {
      data.append((char) ('a' + random.nextInt(26)));
    }
    String json =
        "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"payload\":\"" + data + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        "u-" + name,
        rv,
        Map.of(),
        null,
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }
}
