package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writer's policy when a commit fails, against a store stand-in that refuses what it is told
 * to: a refused batch is split in halves down to the one change at fault, which is stored degraded;
 * a store-wide fault is waited out with the store reported degraded meanwhile.
 */
class BatchRetriesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private final BodyCodec codec = new BodyCodec();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OpQueue queue = new OpQueue(10, 1 << 20);
  private final WriterMetrics metrics = new WriterMetrics(registry, queue);
  private final StoreHealth health = new StoreHealth(Clock.systemUTC());

  /** The batches the store took, as the names of their objects (degraded ones marked so). */
  private final List<List<String>> committed = new ArrayList<>();

  private StoreOp op(String name) {
    byte[] body = ("{\"metadata\":{\"name\":\"" + name + "\"}}").getBytes(StandardCharsets.UTF_8);
    return new StoreOp.WatchEvent(
        "c",
        CM,
        EventType.ADDED,
        new ObservedObject("ns", name, "u-" + name, "1", Map.of(), null, codec.encode(body)));
  }

  private static String name(StoreOp op) {
    ObservedObject o = ((StoreOp.WatchEvent) op).object();
    return o.body().length > 0
            && new String(new BodyCodec().decode(o.body()), StandardCharsets.UTF_8)
                .contains(DegradedOps.ANNOTATION)
        ? o.name() + " (degraded)"
        : o.name();
  }

  /** A store that refuses any batch holding {@code poison} as it is. */
  private BatchRetries.Commit refusing(String poison) {
    return ops -> {
      List<String> names = ops.stream().map(BatchRetriesTest::name).toList();
      if (names.contains(poison)) {
        throw new SQLDataException("value too long", "22001");
      }
      committed.add(names);
    };
  }

  @Test
  void aRefusedBatchIsSplitDownToTheChangeAtFaultWhichIsStoredDegraded() throws Exception {
    BatchRetries retries =
        new BatchRetries(refusing("c"), health, metrics, () -> {}, () -> true, queue);

    retries.write(List.of(op("a"), op("b"), op("c"), op("d")));

    assertEquals(
        List.of(List.of("a", "b"), List.of("c (degraded)"), List.of("d")),
        committed,
        "every change stored once, in order, the one at fault degraded");
    assertEquals(1.0, registry.get("allkinds.store.degraded.changes").counter().count());
    assertEquals(StoreHealth.State.OK, health.snapshot().state());
    assertFalse(retries.gaveUp());
  }

  @Test
  void aStoreWideFaultIsWaitedOutAndReportedMeanwhile() throws Exception {
    AtomicInteger failures = new AtomicInteger(2);
    AtomicInteger faultsSeen = new AtomicInteger();
    List<StoreHealth.State> statesDuringFaults = new ArrayList<>();
    BatchRetries retries =
        new BatchRetries(
            ops -> {
              if (failures.getAndDecrement() > 0) {
                statesDuringFaults.add(health.snapshot().state());
                throw new SQLTransientConnectionException("connection refused", "08001");
              }
              committed.add(ops.stream().map(BatchRetriesTest::name).toList());
            },
            health,
            metrics,
            faultsSeen::incrementAndGet,
            () -> true,
            queue);

    retries.write(List.of(op("a"), op("b")));

    assertEquals(List.of(List.of("a", "b")), committed, "the whole batch, once, after the fault");
    assertEquals(
        List.of(StoreHealth.State.OK, StoreHealth.State.DEGRADED),
        statesDuringFaults,
        "degraded from the first fault until the store takes writes");
    assertEquals(StoreHealth.State.OK, health.snapshot().state());
    assertEquals(2.0, registry.get("allkinds.store.write.retries").counter().count());
    assertEquals(2, faultsSeen.get(), "a lost connection is replaced before each retry");
  }

  @Test
  void stoppingDuringAStoreWideFaultGivesUpAndWritesNothingAfter() throws Exception {
    AtomicBoolean running = new AtomicBoolean(false);
    AtomicInteger attempts = new AtomicInteger();
    BatchRetries retries =
        new BatchRetries(
            ops -> {
              attempts.incrementAndGet();
              throw new SQLException("database is closed", "08003");
            },
            health,
            metrics,
            () -> {},
            running::get,
            queue);

    retries.write(List.of(op("a")));
    assertTrue(retries.gaveUp());
    retries.write(List.of(op("b")));

    assertEquals(1, attempts.get(), "nothing is tried past changes left unwritten");
  }

  @Test
  void theBackOffDoublesUpToOneSecond() {
    assertEquals(100, BatchRetries.backoff(1));
    assertEquals(200, BatchRetries.backoff(2));
    assertEquals(1_000, BatchRetries.backoff(5));
    assertEquals(1_000, BatchRetries.backoff(500));
  }
}
