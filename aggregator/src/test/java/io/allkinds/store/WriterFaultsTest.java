package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on a real H2 file facing a change the store can never take (stored degraded, counted,
 * never skipped) and an {@link Error} on its thread (it stops and says so, it does not go on
 * silently).
 */
class WriterFaultsTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final StoreHealth health = new StoreHealth(Clock.systemUTC());
  private Database db;
  private ChangeWriter writer;

  @BeforeEach
  void open() {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    writer =
        new ChangeWriter(
            db.writerDataSource(),
            new OpQueue(100, 1 << 20),
            50,
            metrics,
            WriteFence.NONE,
            health,
            db::evictConnections);
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private ObservedObject obj(String name, String uid, String rv, Map<String, String> labels) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        uid,
        rv,
        labels,
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private record Stored(String name, String type, String rv, String uid, String body) {}

  private List<Stored> journal() throws Exception {
    List<Stored> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, event_type, resource_version, uid, body FROM journal"
                    + " ORDER BY seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Stored(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                new String(codec.decode(rs.getBytes(5)), StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  @Test
  void aChangeTheStoreCannotTakeIsStoredDegradedAndTheRestOfItsBatchAsIs() throws Exception {
    // Kubernetes caps label values at 63 characters, as the store does: this change breaks the
    // limit.
    Map<String, String> tooLong = Map.of("app", "x".repeat(100));
    writer.submit(new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null));
    for (int i = 0; i < 10; i++) {
      writer.submit(
          new StoreOp.WatchEvent(
              "c1",
              CM,
              EventType.ADDED,
              obj(
                  "cm-" + i,
                  "u" + i,
                  String.valueOf(100 + i),
                  i == 6 ? tooLong : Map.of("app", "ok"))));
    }
    writer.submit(new StoreOp.Bookmark("c1", CM, "120"));
    await(
        "every change journaled",
        () -> {
          try {
            return journal().size() == 10
                && "120"
                    .equals(new ResumePoints(db.dataSource()).of("c1").get(0).resourceVersion());
          } catch (Exception e) {
            return false;
          }
        });

    List<Stored> journal = journal();
    for (int i = 0; i < 10; i++) {
      Stored e = journal.get(i);
      assertEquals("cm-" + i, e.name(), "journaled in order");
      assertEquals(String.valueOf(100 + i), e.rv());
      assertEquals("u" + i, e.uid());
      assertEquals("ADDED", e.type());
      JsonObject meta = new JsonObject(e.body()).getJsonObject("metadata");
      String marker =
          meta.getJsonObject("annotations") == null
              ? null
              : meta.getJsonObject("annotations").getString(DegradedOps.ANNOTATION);
      if (i == 6) {
        assertTrue(marker != null && !marker.isBlank(), "the degraded body says why: " + e.body());
        assertEquals("cm-6", meta.getString("name"));
        assertEquals("106", meta.getString("resourceVersion"));
        assertEquals("u6", meta.getString("uid"));
      } else {
        assertEquals(null, marker, "the other changes are stored as they are");
      }
    }
    assertEquals(1.0, metrics.get("allkinds.store.degraded.changes").counter().count());
    assertEquals(
        StoreHealth.State.OK,
        health.snapshot().state(),
        "one poison change does not degrade the store");
    assertTrue(health.writerAlive());
  }

  @Test
  void anErrorOnTheWriterThreadStopsItAndSaysSo() throws Exception {
    writer.onCommit(
        seq -> {
          throw new AssertionError("a listener broke its contract");
        });
    writer.submit(new StoreOp.WatchEvent("c1", CM, EventType.ADDED, obj("a", "u1", "1", Map.of())));
    await("the writer reported dead", () -> !health.writerAlive());
    assertTrue(
        health.snapshot().writerFailure().contains("AssertionError"), health.snapshot().toString());
    assertFalse(writer.health().writerAlive());
  }
}
