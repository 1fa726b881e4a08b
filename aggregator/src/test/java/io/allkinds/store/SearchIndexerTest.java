package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search indexer keeps H2's trigram index up behind the writer: objects the writer stored are
 * indexed by the running indexer within its period, with the head at the newest search id, and a
 * step over an indexed store does nothing.
 */
class SearchIndexerTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  @Test
  void indexesWhatTheWriterStoredInTheBackground() throws Exception {
    try (Database db =
        Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null))) {
      ChangeWriter writer = startedWriter(db);
      BodyCodec codec = new BodyCodec();
      int objects = 500;
      writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
      for (int i = 0; i < objects; i++) {
        writer.submit(
            new StoreOp.WatchEvent(
                "c",
                CM,
                EventType.ADDED,
                new ObservedObject(
                    "ns",
                    "object-" + i,
                    "u" + i,
                    "1",
                    Map.of("app", "web-" + i),
                    null,
                    codec.encode("{}".getBytes(StandardCharsets.UTF_8)))));
      }
      await("the writer stored every object", () -> writer.opsWritten() >= objects + 1);
      try (Connection c = db.dataSource().getConnection()) {
        assertEquals(0, grams(c), "the writer itself adds no grams");
      }
      SearchIndexer indexer = db.searchIndexer();
      assertTrue(indexer != null, "an embedded H2 store has an indexer");
      indexer.start();
      try {
        awaitCaughtUp(db);
      } finally {
        indexer.close();
        writer.close();
      }
      try (Connection c = db.dataSource().getConnection()) {
        assertTrue(grams(c) >= objects * 10L, "every object's grams are in: " + grams(c));
        assertEquals(0, SearchIndexer.step(c), "nothing left for a step");
      }
    }
  }

  @Test
  void waitsWhileTheWriterHasABacklog() throws Exception {
    try (Database db =
        Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null))) {
      ChangeWriter writer = startedWriter(db);
      BodyCodec codec = new BodyCodec();
      writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
      writer.submit(
          new StoreOp.WatchEvent(
              "c",
              CM,
              EventType.ADDED,
              new ObservedObject(
                  "ns",
                  "object",
                  "u",
                  "1",
                  Map.of("app", "web"),
                  null,
                  codec.encode("{}".getBytes(StandardCharsets.UTF_8)))));
      await("the writer stored the object", () -> writer.opsWritten() >= 2);
      writer.close();
      AtomicBoolean behind = new AtomicBoolean(true);
      SearchIndexer indexer = db.searchIndexer();
      indexer.start(behind::get, Duration.ofMinutes(10));
      try {
        await("two ticks waited for the writer", () -> indexer.deferrals() >= 2);
        try (Connection c = db.dataSource().getConnection()) {
          assertEquals(0, grams(c), "nothing indexed while the writer is behind");
        }
        behind.set(false);
        awaitCaughtUp(db);
      } finally {
        indexer.close();
      }
    }
  }

  private static void awaitCaughtUp(Database db) throws Exception {
    await(
        "the indexer reached the newest search id",
        () -> {
          try (Connection c = db.dataSource().getConnection()) {
            return SearchIndexer.indexedTo(c) == maxSearchId(c);
          }
        });
  }

  private static ChangeWriter startedWriter(Database db) {
    ChangeWriter writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(1_000, 8 << 20),
            100,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    return writer;
  }

  private interface Check {
    boolean done() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.done()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(20); // a poll interval of the condition above
    }
  }

  private static long grams(Connection c) throws Exception {
    return single(c, "SELECT COUNT(*) FROM object_grams");
  }

  private static long maxSearchId(Connection c) throws Exception {
    return single(c, "SELECT MAX(search_id) FROM objects");
  }

  private static long single(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
