package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.StoreFaultBurst;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL switched read-only (as a standby after a failover is) in the middle of a burst of
 * changes, then back; later stopped and started: each time ingestion pauses and health says so,
 * resumes by itself, and in the end nothing is lost and nothing is journaled twice.
 */
@ExtendWith(SharedClusters.class)
class PostgresFaultsTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  private static void readOnly(Postgres pg, String url, boolean on) throws Exception {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement st = c.createStatement()) {
      st.execute("SET default_transaction_read_only = off");
      st.execute(
          on
              ? "ALTER SYSTEM SET default_transaction_read_only = on"
              : "ALTER SYSTEM RESET default_transaction_read_only");
      st.execute("SELECT pg_reload_conf()");
    }
  }

  /**
   * Waits for the store to be degraded while the burst goes on, then lets {@code cure} run and
   * times the resume.
   */
  private static long faultAndCure(
      Api api, StoreFaultBurst burst, String what, ThrowingRunnable fault, ThrowingRunnable cure)
      throws Exception {
    int before = burst.changes();
    fault.run();
    Api.await(
        "the store reported degraded (" + what + ")",
        WAIT,
        () -> H2DiskFullTest.storeState(api),
        "degraded"::equals);
    JsonObject store = api.get("/readyz").json().getJsonObject("store");
    System.out.println("store while " + what + ": " + store.encode());
    assertTrue(store.getString("reason") != null, store.encode());
    Api.await("120 more changes made while " + what, WAIT, burst::changes, n -> n >= before + 120);
    assertEquals("degraded", H2DiskFullTest.storeState(api), "still paused while " + what);
    cure.run();
    long cured = System.nanoTime();
    Api.await(
        "the store takes writes again after " + what,
        WAIT,
        () -> H2DiskFullTest.storeState(api),
        "ok"::equals);
    long ms = (System.nanoTime() - cured) / 1_000_000;
    System.out.printf("PostgreSQL %s: fault cleared -> ingestion resumed in %d ms%n", what, ms);
    return ms;
  }

  /** A step of a fault that may throw. */
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void readOnlyAndStoppedPauseIngestionAndLoseNothing(SharedClusters.Clusters shared)
      throws Exception {
    String ns = "pgfaults-" + System.nanoTime();
    try (Postgres pg = Postgres.start();
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      String url = pg.createDatabase("faults");
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(
          config,
          Configs.config(
              Configs.cluster("alpha", shared.alpha().adminKubeconfig()), pg.storeYaml(url)));
      KubeObjects.namespace(client, ns);
      Path log = Path.of("target", "PostgresFaultsTest-aggregator.log");
      Files.deleteIfExists(log);
      try (ChildAggregator aggregator = ChildAggregator.start(config, log)) {
        Api api = aggregator.api();
        Api.await(
            "alpha synced", WAIT, () -> ApiStates.clusterState(api, "alpha"), "watching"::equals);
        StoreFaultBurst burst = new StoreFaultBurst(client, ns, 60).start();
        Api.await(
            "part of the burst stored",
            WAIT,
            () -> ApiStates.configMapJournal(api, "alpha", ns).size(),
            n -> n >= 30);

        faultAndCure(
            api, burst, "read-only", () -> readOnly(pg, url, true), () -> readOnly(pg, url, false));
        faultAndCure(api, burst, "stopped", pg::stopServer, pg::startServer);

        Map<String, List<String>> expected = burst.finish();
        Map<String, String> server = KubeObjects.serverState(client, ns);
        Api.await(
            "store equal to the server",
            WAIT,
            () -> ApiStates.configMaps(api, "alpha", ns),
            server::equals);
        assertEquals(
            expected,
            StoreFaultBurst.journal(api, "alpha", ns),
            "every change journaled exactly once, in order, deletions included");
        assertEquals(
            0.0,
            H2DiskFullTest.metric(api, "allkinds_store_degraded_changes_total"),
            "a store-wide fault degrades no change");
        System.out.printf(
            "PostgreSQL faults: %d changes, 0 lost%n",
            expected.values().stream().mapToInt(List::size).sum());
      }
      try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM (SELECT 1 FROM journal GROUP BY cluster, api_group,"
                      + " resource, namespace, name, event_type, resource_version HAVING COUNT(*) > 1) d")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "no change journaled twice, in any namespace");
      }
    }
  }
}
