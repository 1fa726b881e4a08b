package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory as it stood at an instant, rebuilt from the journal of a real H2 file, against the
 * live inventory after later changes.
 */
class AsOfInventoryTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private Database db;
  private ChangeWriter writer;
  private InventoryQueries inventory;

  /** The instant between the first and the second batch of changes. */
  private Instant between;

  @BeforeEach
  void writeTwoBatches() throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null));
    writer =
        new ChangeWriter(
            db.dataSource(),
            new OpQueue(100, 1 << 20),
            50,
            new SimpleMeterRegistry(),
            WriteFence.NONE);
    writer.start();
    inventory = new InventoryQueries(db.dataSource(), codec);
    submit(
        new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null),
        watch(EventType.ADDED, obj("a", "web", "1")),
        watch(EventType.ADDED, obj("b", "db", "2")),
        watch(EventType.ADDED, obj("d", "web", "3")));
    between = Instant.now();
    // The store stamps in microseconds: let the clock move well past the boundary before the
    // second batch, so that no change of it can be stamped at or before it.
    awaitClockAfter(between.plusMillis(2));
    submit(
        watch(EventType.MODIFIED, obj("a", "db", "4")),
        watch(EventType.DELETED, obj("b", "db", "5")),
        watch(EventType.ADDED, obj("c", "web", "6")));
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  @Test
  void theInventoryAtAnInstantHoldsWhatWasThereThen() {
    assertEquals(List.of("a", "b", "d"), names(inventory.list(query(between, List.of(), 100))));
    assertEquals(
        List.of("a", "c", "d"), names(inventory.list(query(null, List.of(), 100))), "and now");
    ObjectSummary a = inventory.list(query(between, List.of(), 100)).items().get(0);
    assertEquals("1", a.resourceVersion());
    assertEquals("{\"tier\":\"web\"}", a.labelsJson(), "the labels of that time");
  }

  @Test
  void theSelectorMatchesTheLabelsOfThatTime() {
    List<LabelRequirement> web =
        List.of(new LabelRequirement("tier", LabelRequirement.Operator.EQUALS, List.of("web")));
    assertEquals(List.of("a", "d"), names(inventory.list(query(between, web, 100))));
    assertEquals(List.of("c", "d"), names(inventory.list(query(null, web, 100))));
  }

  @Test
  void pagesOfOneContinueWhereTheLastEnded() {
    List<String> names = new ArrayList<>();
    ObjectQuery q = query(between, List.of(), 1);
    for (int pages = 0; pages < 10; pages++) {
      ObjectPage page = inventory.list(q);
      names.addAll(names(page));
      ObjectCursor next = page.next();
      if (next == null) {
        break;
      }
      q = q.continuingAfter(next);
    }
    assertEquals(List.of("a", "b", "d"), names);
  }

  @Test
  void aDeletionIsShownOnlyWhenDeletedObjectsAreAskedFor() {
    Instant now = Instant.now();
    assertEquals(List.of("a", "c", "d"), names(inventory.list(query(now, List.of(), 100))));
    ObjectQuery withDeleted =
        new ObjectQuery(
            List.of(), null, null, null, null, null, null, List.of(), null, true, false, 100, null,
            null, now);
    List<ObjectSummary> all = inventory.list(withDeleted).items();
    assertEquals(List.of("a", "b", "c", "d"), all.stream().map(ObjectSummary::name).toList());
    assertTrue(all.get(1).deleted(), "b is shown as deleted");
  }

  @Test
  void beforeTheFirstChangeThereIsNothing() {
    ObjectPage page = inventory.list(query(Instant.parse("2000-01-01T00:00:00Z"), List.of(), 100));
    assertTrue(page.items().isEmpty());
    assertNull(page.next());
  }

  @Test
  void aFullPageCarriesTheBodyOfThatTime() {
    ObjectQuery full =
        new ObjectQuery(
            List.of(), null, null, null, null, null, "a", List.of(), null, false, true, 100, null,
            null, between);
    String json = inventory.list(full).items().get(0).objectJson();
    assertTrue(json.contains("\"resourceVersion\":\"1\""), json);
  }

  private static ObjectQuery query(Instant asOf, List<LabelRequirement> selector, int limit) {
    return new ObjectQuery(
        List.of(), null, null, null, null, null, null, selector, null, false, false, limit, null,
        null, asOf);
  }

  private static List<String> names(ObjectPage page) {
    return page.items().stream().map(ObjectSummary::name).toList();
  }

  private StoreOp watch(EventType type, ObservedObject o) {
    return new StoreOp.WatchEvent("c1", CM, type, o);
  }

  private ObservedObject obj(String name, String tier, String rv) {
    String json =
        "{\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"ns\",\"resourceVersion\":\""
            + rv
            + "\",\"labels\":{\"tier\":\""
            + tier
            + "\"}}}";
    return new ObservedObject(
        "ns",
        name,
        "uid-" + name,
        rv,
        Map.of("tier", tier),
        null,
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private void submit(StoreOp... ops) throws Exception {
    long written = writer.opsWritten() + ops.length;
    for (StoreOp op : ops) {
      writer.submit(op);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.opsWritten() < written) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writer did not commit within 10 s");
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }

  private static void awaitClockAfter(Instant t) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Instant.now().isAfter(t)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock did not pass " + t);
      }
      Thread.onSpinWait();
    }
  }
}
