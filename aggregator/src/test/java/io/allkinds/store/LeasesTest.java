package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.StoreConfig;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas sharing one real H2 file: leases go to one holder at a time, the heartbeat counts
 * the live replicas, and the write fence lets through only ops of clusters the replica holds.
 */
class LeasesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private Database db;
  private Leases a;
  private Leases b;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("store"), null, null));
    a = new Leases(db.controlDataSource(), "replica-a", Duration.ofMinutes(5));
    b = new Leases(db.controlDataSource(), "replica-b", Duration.ofMinutes(5));
    a.ensure(Leases.CLUSTER, List.of("c1", "c2"));
    b.ensure(Leases.CLUSTER, List.of("c1", "c2")); // a second replica racing: no error, no copy
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aLeaseHasOneHolderUntilReleased() throws Exception {
    assertTrue(a.tryAcquire(Leases.CLUSTER, "c1"));
    assertFalse(b.tryAcquire(Leases.CLUSTER, "c1"), "held and unexpired");
    assertTrue(a.tryAcquire(Leases.CLUSTER, "c2") && a.renew(Leases.CLUSTER).contains("c2"));
    assertEquals(Set.of("c1", "c2"), a.renew(Leases.CLUSTER));
    assertEquals(Set.of(), b.renew(Leases.CLUSTER));

    a.release(Leases.CLUSTER, "c1");

    assertTrue(b.tryAcquire(Leases.CLUSTER, "c1"), "a released lease is free at once");
    assertEquals(Set.of("c2"), a.renew(Leases.CLUSTER));
    assertEquals(Set.of("c1"), b.renew(Leases.CLUSTER));
  }

  @Test
  void anExpiredLeaseIsNotRenewedAndAnotherReplicaTakesIt() throws Exception {
    Leases brief = new Leases(db.controlDataSource(), "replica-brief", Duration.ofMillis(500));
    assertTrue(brief.tryAcquire(Leases.CLUSTER, "c1"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!b.tryAcquire(Leases.CLUSTER, "c1")) {
      assertTrue(System.nanoTime() < deadline, "the lease of 400 ms never expired");
      Thread.sleep(20); // polling interval of a deadline-bounded wait
    }
    assertEquals(Set.of(), brief.renew(Leases.CLUSTER), "its holder must let go of it");
  }

  @Test
  void theHeartbeatCountsTheLiveReplicasUntilOneLeaves() throws Exception {
    assertEquals(1, a.heartbeat());
    assertEquals(2, b.heartbeat());
    assertEquals(2, a.heartbeat());
    assertTrue(a.tryAcquire(Leases.CLUSTER, "c1"));

    a.releaseAll();

    assertEquals(1, b.heartbeat(), "a replica that left counts no more");
    assertTrue(b.tryAcquire(Leases.CLUSTER, "c1"), "and its leases are free");
  }

  @Test
  void theFenceLetsThroughOnlyOpsOfHeldClusters() throws Exception {
    assertTrue(a.tryAcquire(Leases.CLUSTER, "c1"));
    assertTrue(b.tryAcquire(Leases.CLUSTER, "c2"));
    List<StoreOp> batch =
        List.of(
            new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null),
            new StoreOp.TypeStatus("c2", CM, SyncState.WATCHING, null),
            new StoreOp.ClusterStatus("c1", null, SyncState.WATCHING, null));
    try (Connection c = db.controlDataSource().getConnection()) {
      assertEquals(List.of("c1", "c1"), a.filter(c, batch).stream().map(StoreOp::cluster).toList());
      assertEquals(List.of("c2"), b.filter(c, batch).stream().map(StoreOp::cluster).toList());
      assertEquals(List.of(), new LeaseFence("replica-z").filter(c, batch), "holds nothing");
    }
  }
}
