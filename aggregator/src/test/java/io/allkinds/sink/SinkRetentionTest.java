package io.allkinds.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.RetentionConfig;
import io.allkinds.model.EventType;
import io.allkinds.model.SinkCursor;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.CompactionTrigger;
import io.allkinds.store.Retention;
import io.allkinds.store.SinkFloor;
import io.allkinds.store.StoreSize;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and sinks on a real H2 file: entries a sink has not delivered stay while it is within
 * its maximum lag; beyond it they go, counted as skipped, and the sink is marked lagging.
 */
@ExtendWith(VertxExtension.class)
class SinkRetentionTest {

  @TempDir Path dir;

  /** Retention that keeps one journal entry, owing the sinks {@code maxLags}. */
  private static Retention.Result keepOne(DataSource ds, Map<String, Long> maxLags) {
    return new Retention(
            ds,
            new RetentionConfig(Duration.ofDays(30), 1, Duration.ofMinutes(10), 0),
            Clock.systemUTC(),
            new StoreSize(ds, 0),
            new CompactionTrigger(ds),
            new SinkFloor(maxLags))
        .prune();
  }

  @Test
  void retentionWaitsForASinkWithinItsMaxLagAndCountsWhatASinkBeyondItSkips(Vertx vertx)
      throws Exception {
    try (SinkStoreRig rig = new SinkStoreRig(vertx, dir)) {
      rig.stored();
      // Two sinks whose receivers never answered: their cursors stay where they were created.
      rig.cursors.ensure(List.of("near", "far"));
      for (int i = 0; i < 10; i++) {
        rig.configMap(EventType.ADDED, "cm-" + i);
      }
      long head = rig.stored();
      long start = rig.cursors.read("near").deliveredSeq();
      assertEquals(head - 10, start);
      var ds = rig.db.dataSource();
      ChangeQueries changes = new ChangeQueries(ds);

      // Both within their lag: nothing they have not delivered is pruned.
      keepOne(ds, Map.of("near", 100L, "far", 100L));
      assertTrue(changes.bounds().continuesAfter(start), "every undelivered entry kept");
      assertEquals(0, rig.cursors.read("far").skipped());

      // "far" may lag 5 entries and is 10 behind: retention no longer waits for it.
      Retention.Result r = keepOne(ds, Map.of("near", 100L, "far", 5L));
      assertEquals(0, r.journalEntries(), "still held back by near");
      assertEquals(0, rig.cursors.read("far").skipped());

      // Without "near" configured any more, the journal is pruned to its last entry; far skips 9.
      keepOne(ds, Map.of("far", 5L));
      SinkCursor far = rig.cursors.read("far");
      assertEquals(9, far.skipped(), "the entries pruned before far delivered them");
      assertTrue(far.lagging());
      assertEquals(head - 1, far.deliveredSeq());
      assertEquals(head, changes.bounds().first());
      SinkCursor near = rig.cursors.read("near");
      assertEquals(start, near.deliveredSeq(), "an unconfigured sink's row is left alone");
      assertFalse(near.lagging());
    }
  }
}
