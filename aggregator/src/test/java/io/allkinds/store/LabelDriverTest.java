package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelRequirement.Operator;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectPage;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label selector lists the same objects, in key order and page by page, whether its label is on
 * few objects (the label index drives the listing) or on more than the index is counted to (the
 * objects are walked in page order and their labels checked). A subclass can run it on PostgreSQL.
 */
public class LabelDriverTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final int MANY = 1_100; // above the 1,000 label rows below which the index drives

  @TempDir Path dir;

  /** The store under test: a new H2 file. */
  protected StoreConfig store() throws Exception {
    return new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null);
  }

  @Test
  public void commonAndRareLabelsListTheSameWayPageByPage() throws Exception {
    try (Database db = Database.open(store())) {
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        BatchApplier applier = new BatchApplier(c, 1, Instant.now(), new FreshLists());
        for (int i = 0; i < MANY; i++) {
          // Every third one is "rare" too; the last one of each ten is deleted.
          Map<String, String> labels =
              i % 3 == 0 ? Map.of("app", "many", "tier", "rare") : Map.of("app", "many");
          applier.apply(event(EventType.ADDED, name(i), labels));
          if (i % 10 == 9) {
            applier.apply(event(EventType.DELETED, name(i), labels));
          }
        }
        applier.finish();
        applier.close();
        c.commit();
      }
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), new BodyCodec());
      List<String> live =
          IntStream.range(0, MANY).filter(i -> i % 10 != 9).mapToObj(i -> name(i)).toList();
      List<String> rare =
          IntStream.range(0, MANY)
              .filter(i -> i % 10 != 9 && i % 3 == 0)
              .mapToObj(i -> name(i))
              .toList();
      assertEquals(live, all(inventory, false, req("app", Operator.EQUALS, "many")), "common");
      assertEquals(
          MANY,
          all(inventory, true, req("app", Operator.IN, "many", "none")).size(),
          "common, deleted ones too");
      assertEquals(rare, all(inventory, false, req("tier", Operator.EQUALS, "rare")), "rare");
      assertEquals(
          rare,
          all(inventory, false, req("app", Operator.EQUALS, "many"), req("tier", Operator.EXISTS)),
          "common and rare together");
      assertEquals(List.of(), all(inventory, false, req("app", Operator.EQUALS, "none")));
    }
  }

  private static String name(int i) {
    return String.format("cm-%05d", i);
  }

  private StoreOp event(EventType type, String name, Map<String, String> labels) {
    return new StoreOp.WatchEvent(
        "c",
        CM,
        type,
        new ObservedObject(
            "ns",
            name,
            "uid-" + name,
            type == EventType.DELETED ? "2" : "1",
            labels,
            null,
            new BodyCodec().encode("{}".getBytes(StandardCharsets.UTF_8))));
  }

  private static LabelRequirement req(String key, Operator op, String... values) {
    return new LabelRequirement(key, op, List.of(values));
  }

  /** Every object the selector finds, page by page, in the order the pages hand them out. */
  private static List<String> all(
      InventoryQueries inventory, boolean includeDeleted, LabelRequirement... selector) {
    List<String> names = new ArrayList<>();
    ObjectCursor after = null;
    for (int pages = 0; pages < 100; pages++) {
      ObjectPage page =
          inventory.list(
              new ObjectQuery(
                  List.of("c"),
                  "",
                  null,
                  null,
                  "configmaps",
                  null,
                  null,
                  List.of(selector),
                  null,
                  includeDeleted,
                  false,
                  100,
                  null,
                  after,
                  null));
      page.items().stream().map(ObjectSummary::name).forEach(names::add);
      after = page.next();
      if (after == null) {
        return names;
      }
    }
    assertNull(after, "the pages end");
    return names;
  }
}
