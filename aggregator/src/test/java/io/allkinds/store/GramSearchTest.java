package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.RetentionConfig;
import io.allkinds.config.StoreConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's trigram index agrees with a plain scan: random objects with random text (unicode, %, _,
 * texts past the cap) written by the real writer into a real H2 file, then modified, deleted and
 * pruned; every random q= answers exactly what a LIKE over every search text answers, and the index
 * holds exactly the grams of the stored texts.
 */
class GramSearchTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final String[] PIECES = {
    "a", "b", "ab", "c", "-", "1", "é", "É", "ß", "😀", "%", "_", "\\", "x", "web", "API", "\u0130"
  };

  @TempDir Path dir;

  private final Random random = new Random(15);
  private final BodyCodec codec = new BodyCodec();

  @Test
  void indexedSearchAnswersWhatAScanAnswers() throws Exception {
    try (Database db =
        Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("s"), null, null))) {
      ChangeWriter writer =
          new ChangeWriter(
              db.dataSource(),
              new OpQueue(100, 1 << 20),
              50,
              new SimpleMeterRegistry(),
              WriteFence.NONE);
      writer.start();
      long ops = 0;
      writer.submit(new StoreOp.TypeStatus("c", CM, SyncState.WATCHING, null));
      ops++;
      Map<String, ObservedObject> live = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        ObservedObject o = object("u" + i, "1");
        if (!live.containsKey(o.namespace() + "/" + o.name())) {
          live.put(o.namespace() + "/" + o.name(), o);
          writer.submit(new StoreOp.WatchEvent("c", CM, EventType.ADDED, o));
          ops++;
        }
      }
      awaitWritten(writer, ops);
      // The first objects are indexed; the changes below are not until the second catch-up, so
      // q= must find them past the index's head.
      assertTrue(db.indexSearchText() > 300, "the indexer indexed the first objects");
      assertEquals(0, db.indexSearchText(), "nothing left to index");
      List<ObservedObject> objects = new ArrayList<>(live.values());
      for (int i = 0; i < objects.size(); i += 3) {
        ObservedObject o = objects.get(i);
        ObservedObject changed =
            new ObservedObject(o.namespace(), o.name(), o.uid(), "2", labels(), null, o.body());
        writer.submit(new StoreOp.WatchEvent("c", CM, EventType.MODIFIED, changed));
        ops++;
        if (i % 2 == 0) {
          writer.submit(new StoreOp.WatchEvent("c", CM, EventType.DELETED, changed));
          ops++;
        }
        if (i % 12 == 0) { // re-created under another uid, with other labels
          writer.submit(
              new StoreOp.WatchEvent(
                  "c",
                  CM,
                  EventType.ADDED,
                  new ObservedObject(
                      o.namespace(), o.name(), "r" + i, "3", labels(), null, o.body())));
          ops++;
        }
      }
      awaitWritten(writer, ops);
      writer.close();
      InventoryQueries inventory = new InventoryQueries(db.dataSource(), codec);

      agree(db, inventory, objects);
      assertTrue(
          stored(db).containsAll(indexed(db)),
          "the writer took the grams of the texts it replaced");
      assertTrue(db.indexSearchText() > 50, "the changed objects' new texts are indexed later");
      assertEquals(stored(db), indexed(db), "the index holds the grams of the stored texts only");
      agree(db, inventory, objects);

      Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
      long pruned =
          new Retention(db.dataSource(), RetentionConfig.defaults(), later)
              .prune()
              .deletedObjects();
      assertTrue(pruned > 0, "retention dropped deleted objects");
      assertEquals(stored(db), indexed(db), "retention took the grams of the objects it dropped");
      agree(db, inventory, objects);
    }
  }

  private void agree(Database db, InventoryQueries inventory, List<ObservedObject> objects)
      throws Exception {
    int narrowed = 0;
    for (int i = 0; i < 300; i++) {
      String q = query(objects);
      try (Connection c = db.dataSource().getConnection()) {
        if (GramSearch.candidates(c, q) != null) {
          narrowed++;
        }
      }
      for (boolean includeDeleted : new boolean[] {false, true}) {
        assertEquals(scan(db, q, includeDeleted), search(inventory, q, includeDeleted), "q=" + q);
      }
    }
    assertTrue(narrowed > 100, "most queries were answered from the index: " + narrowed);
  }

  /** A random q: a piece of a stored text (across line ends too), or random pieces. */
  private String query(List<ObservedObject> objects) {
    if (random.nextInt(3) > 0) {
      ObservedObject o = objects.get(random.nextInt(objects.size()));
      String text = SearchText.of(o.name(), o.namespace(), o.labels());
      int[] cps = text.codePoints().toArray();
      int from = random.nextInt(cps.length);
      int to = Math.min(cps.length, from + 1 + random.nextInt(12));
      String q = new String(cps, from, to - from);
      return random.nextBoolean() ? q.toUpperCase(java.util.Locale.ROOT) : q;
    }
    return text(1 + random.nextInt(4));
  }

  private ObservedObject object(String uid, String rv) {
    String name = text(1 + random.nextInt(6));
    return new ObservedObject(
        random.nextBoolean() ? "ns-a" : "ns-" + text(1),
        name,
        uid,
        rv,
        labels(),
        null,
        codec.encode("{\"metadata\":{}}".getBytes(StandardCharsets.UTF_8)));
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new HashMap<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      labels.put("k" + i, text(random.nextInt(5)));
    }
    if (random.nextInt(40) == 0) { // past the cap: 250 values of 20 pieces (at most 60 chars)
      for (int i = 0; i < 250; i++) {
        labels.put("long" + i, text(20));
      }
    }
    return labels;
  }

  private String text(int pieces) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }

  private static List<String> search(InventoryQueries inventory, String q, boolean deleted) {
    return inventory
        .list(
            new ObjectQuery(
                List.of(), null, null, null, null, null, null, List.of(), q, deleted, false, 5000,
                null, null, null))
        .items()
        .stream()
        .map(ObjectSummary::key)
        .map(ObjectKey::toString)
        .sorted()
        .toList();
  }

  /** The plain scan: a LIKE over every stored search text. */
  private static List<String> scan(Database db, String q, boolean deleted) throws Exception {
    List<String> keys = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT cluster, api_group, resource, namespace, name FROM objects"
                    + " WHERE search_text LIKE ? ESCAPE '\\'"
                    + (deleted ? "" : " AND deleted = FALSE"))) {
      ps.setString(1, SearchText.pattern(q));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(Rows.key(rs).toString());
        }
      }
    }
    return keys.stream().sorted().toList();
  }

  /** The keys the index should hold: the grams of every stored search text. */
  private static Set<Long> stored(Database db) throws Exception {
    Set<Long> keys = new TreeSet<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT search_id, search_text FROM objects");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        for (int code : SearchGrams.codes(rs.getString(2))) {
          keys.add(SearchGrams.key(code, rs.getLong(1)));
        }
      }
    }
    return keys;
  }

  private static Set<Long> indexed(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT k FROM object_grams");
        ResultSet rs = ps.executeQuery()) {
      List<Long> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
      return keys.stream().collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static void awaitWritten(ChangeWriter writer, long ops) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (writer.opsWritten() < ops) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the writer wrote " + writer.opsWritten() + " of " + ops);
      }
      Thread.sleep(10); // polling interval of a deadline-bounded wait
    }
  }
}
