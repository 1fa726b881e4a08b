package io.allkinds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.allkinds.config.StoreConfig;
import io.allkinds.store.CompactionTrigger;
import io.allkinds.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CompactionScheduleTest {

  @Test
  void checksOnItsWorkerAndCountsCompactions(Vertx vertx) throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:mem:schedule;DB_CLOSE_DELAY=-1", null, null));
        CompactionSchedule schedule =
            new CompactionSchedule(vertx, new CompactionTrigger(db.dataSource()), metrics)) {
      CompactionTrigger.Check check =
          schedule.check().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertNull(check, "H2 in memory has no file to compact");
      assertEquals(
          0, metrics.get("allkinds.store.compactions").functionCounter().count(), "none ran");
    }
  }
}
