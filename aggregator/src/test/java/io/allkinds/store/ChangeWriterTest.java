package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's journal semantics on a real H2 file: no duplicates, relists reconcile, types vanish
 * cleanly. A subclass runs the same tests on PostgreSQL.
 */
public class ChangeWriterTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private ChangeWriter writer;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null);
  }

  @BeforeEach
  void open() throws Exception {
    db = Database.open(store());
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            io.allkinds.store.WriteFence.NONE);
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private ObservedObject obj(String name, String uid, String rv) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv + "\"}}";
    return new ObservedObject(
        "ns",
        name,
        uid,
        rv,
        java.util.Map.of("app", "x"),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Submits {@code ops} and waits until all of them are committed: an empty queue alone is not
   * that, as the writer may still be committing the last ones it took.
   */
  private void submit(StoreOp... ops) throws Exception {
    long before = writer.opsWritten();
    for (StoreOp op : ops) {
      writer.submit(op);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.opsWritten() < before + ops.length) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 10 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private List<JournalEntry> journal() {
    return new ChangeQueries(db.dataSource()).list(ChangeQuery.all(0, 0, 1000));
  }

  private List<ObjectSummary> live() {
    return new InventoryQueries(db.dataSource(), codec)
        .list(
            new ObjectQuery(
                List.of(), null, null, null, null, null, null, List.of(), null, false, true, 1000,
                null, null, null))
        .items();
  }

  private StoreOp watch(EventType type, ObservedObject o) {
    return new StoreOp.WatchEvent("c1", CM, type, o);
  }

  @Test
  public void saysWhetherAListIsUnderWay() throws Exception {
    submit(watch(EventType.ADDED, obj("a", "u1", "10")));
    assertFalse(writer.listedWithin(Duration.ofMinutes(1)), "watch events are no list");
    submit(new StoreOp.Listed("c1", CM, 1, obj("b", "u2", "11")));
    assertTrue(writer.listedWithin(Duration.ofMinutes(1)), "a listed object was just written");
    assertFalse(writer.listedWithin(Duration.ZERO), "nothing is within no time at all");
  }

  @Test
  public void replayedEventsAreJournaledOnce() throws Exception {
    submit(new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null));
    submit(
        watch(EventType.ADDED, obj("a", "u1", "10")),
        watch(EventType.ADDED, obj("a", "u1", "10")),
        watch(EventType.MODIFIED, obj("a", "u1", "11")),
        watch(EventType.MODIFIED, obj("a", "u1", "11")),
        watch(EventType.DELETED, obj("a", "u1", "12")),
        watch(EventType.DELETED, obj("a", "u1", "12")));
    assertEquals(
        List.of(EventType.ADDED, EventType.MODIFIED, EventType.DELETED),
        journal().stream().map(JournalEntry::eventType).toList());
    assertTrue(live().isEmpty());
    assertEquals(
        "12",
        new ResumePoints(db.dataSource()).of("c1").get(0).resourceVersion(),
        "the resume point follows the newest event");
  }

  @Test
  public void relistJournalsOnlyWhatChangedAndDeletesWhatVanished() throws Exception {
    submit(
        new StoreOp.TypeStatus("c1", CM, SyncState.LISTING, null),
        new StoreOp.Listed("c1", CM, 1, obj("keep", "u1", "1")),
        new StoreOp.Listed("c1", CM, 1, obj("change", "u2", "2")),
        new StoreOp.Listed("c1", CM, 1, obj("vanish", "u3", "3")),
        new StoreOp.Listed("c1", CM, 1, obj("recreate", "u4", "4")),
        new StoreOp.ListDone("c1", CM, 1, "4", 4));
    assertEquals(4, journal().size());

    submit(
        new StoreOp.Listed("c1", CM, 2, obj("keep", "u1", "1")),
        new StoreOp.Listed("c1", CM, 2, obj("change", "u2", "7")),
        new StoreOp.Listed("c1", CM, 2, obj("recreate", "u9", "8")),
        new StoreOp.ListDone("c1", CM, 2, "9", 3));
    List<String> second =
        journal().stream()
            .skip(4)
            .map(e -> e.eventType() + " " + e.name() + " " + e.uid())
            .toList();
    assertEquals(
        List.of(
            "MODIFIED change u2", "DELETED recreate u4", "ADDED recreate u9", "DELETED vanish u3"),
        second);
    assertEquals(
        List.of("change", "keep", "recreate"), live().stream().map(ObjectSummary::name).toList());
    var type = new StatusQueries(db.dataSource()).resourceTypes(List.of("c1")).get(0);
    assertEquals(3, type.objects());
    assertEquals("9", new ResumePoints(db.dataSource()).of("c1").get(0).resourceVersion());
  }

  @Test
  public void aVanishedTypeMarksItsObjectsDeleted() throws Exception {
    submit(
        new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null),
        watch(EventType.ADDED, obj("a", "u1", "1")),
        watch(EventType.ADDED, obj("b", "u2", "2")));
    submit(new StoreOp.TypeGone("c1", CM));
    assertTrue(live().isEmpty());
    assertEquals(2, journal().stream().filter(e -> e.eventType() == EventType.DELETED).count());
    var type = new StatusQueries(db.dataSource()).resourceTypes(List.of("c1")).get(0);
    assertEquals("gone", type.state());
    assertEquals(0, type.objects());
    assertTrue(new ResumePoints(db.dataSource()).of("c1").isEmpty(), "a gone type is not resumed");
  }

  @Test
  public void theJournalSurvivesARestartWithoutReusingSequenceNumbers() throws Exception {
    submit(
        new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null),
        watch(EventType.ADDED, obj("a", "u1", "1")));
    long first = writer.lastSeq();
    writer.close();
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            io.allkinds.store.WriteFence.NONE);
    writer.start();
    assertEquals(first, writer.lastSeq());
    submit(watch(EventType.MODIFIED, obj("a", "u1", "2")));
    assertEquals(first + 1, writer.lastSeq());
    assertFalse(journal().isEmpty());
  }
}
