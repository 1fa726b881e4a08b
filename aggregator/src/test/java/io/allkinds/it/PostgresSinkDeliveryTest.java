package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.HttpReceiver;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Postgres;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.SharedPostgres;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks on PostgreSQL with two replicas: exactly one delivers a sink, and when it is killed with
 * SIGKILL in the middle of a burst the other takes the sink over with its cursor, so every matching
 * change still reaches the receiver at least once and in order, but for the takeover's step back.
 */
@ExtendWith({SharedClusters.class, SharedPostgres.class})
class PostgresSinkDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int LEASE_SECONDS = 6;

  @TempDir Path tmp;

  private Path config(String base, String replica) throws Exception {
    Path file = tmp.resolve(replica + ".yaml");
    Files.writeString(
        file,
        base
            + "sharding:\n  enabled: true\n  replicaId: "
            + replica
            + "\n  leaseSeconds: "
            + LEASE_SECONDS
            + "\n");
    return file;
  }

  @Test
  void theSurvivingReplicaTakesTheSinkOverWithItsCursorAndDeliversEverythingInOrder(
      SharedClusters.Clusters shared, Postgres pg) throws Exception {
    String ns = "pgsink-" + System.nanoTime();
    try (HttpReceiver receiver = HttpReceiver.start(23);
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      receiver.failFraction(1.0 / 3);
      String base =
          Configs.config(
                  Configs.cluster("alpha", shared.alpha().adminKubeconfig()),
                  pg.storeYaml(pg.createDatabase("sinks")))
              + SinkChecks.sinksYaml(receiver.url(), ns);
      KubeObjects.namespace(client, ns);
      DeploymentChurn churn = new DeploymentChurn(client, ns);
      List<String> names = List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
      ChildAggregator r1 = ChildAggregator.start(config(base, "r1"), tmp.resolve("r1.log"));
      ChildAggregator r2 = null;
      try {
        r2 = ChildAggregator.start(config(base, "r2"), tmp.resolve("r2.log"));
        Api.await(
            "alpha synced",
            WAIT,
            () -> ApiStates.clusterState(r1.api(), "alpha"),
            "watching"::equals);
        String victimId =
            Api.await(
                "one replica delivers the sink",
                WAIT,
                () -> SinkChecks.sink(r1.api(), "deployments").getString("replica"),
                id -> id != null);
        assertEquals(
            victimId,
            SinkChecks.sink(r2.api(), "deployments").getString("replica"),
            "both replicas name the same deliverer");
        ChildAggregator victim = victimId.equals("r1") ? r1 : r2;
        ChildAggregator survivor = victim == r1 ? r2 : r1;
        String survivorId = victim == r1 ? "r2" : "r1";

        for (String name : names) {
          churn.create(name);
          churn.configMap("cm-" + name, "0");
        }
        for (String name : names) {
          churn.scale(name, 2);
          churn.status(name, 2);
        }
        Api.await("some events accepted", WAIT, receiver::acceptedSeqs, s -> s.size() >= 6);
        long cursorBefore = SinkChecks.sink(victim.api(), "deployments").getLong("cursor");
        victim.kill();
        Instant killedAt = Instant.now();
        for (String name : names) {
          churn.label(name, "tier", "web");
          churn.image(name, "nginx:1.27");
          churn.status(name, 1);
        }
        for (String name : names.subList(0, 3)) {
          churn.delete(name);
        }
        Api api = survivor.api();
        Api.await(
            survivorId + " takes the sink over",
            WAIT,
            () -> SinkChecks.sink(api, "deployments").getString("replica"),
            survivorId::equals);

        churn.awaitJournaled(api, "alpha", WAIT);
        NavigableMap<Long, SinkChecks.Entry> journal =
            SinkChecks.deploymentJournal(api, "alpha", ns);
        NavigableSet<Long> expected = SinkChecks.matching(journal, Set.of(), false);
        SinkChecks.awaitAccepted("every matching entry accepted", WAIT, receiver, expected);
        List<HttpReceiver.Event> accepted = receiver.accepted();
        System.out.println(SinkChecks.summary(receiver, accepted));
        Set<Long> outside =
            accepted.stream()
                .map(HttpReceiver.Event::seq)
                .filter(s -> !expected.contains(s))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), outside, "accepted entries outside the filter");
        assertTrue(
            journal.values().stream().anyMatch(e -> !e.matches()),
            "the journal has status-only modifications the sink left out");
        assertTrue(
            accepted.stream().anyMatch(e -> e.arrivedAt().isBefore(killedAt))
                && accepted.stream().anyMatch(e -> e.arrivedAt().isAfter(killedAt)),
            "both replicas delivered: " + SinkChecks.seqs(accepted));
        SinkChecks.Stop stop = new SinkChecks.Stop(cursorBefore, killedAt, killedAt);
        System.out.println(stop);
        SinkChecks.assertInOrderApartFromOneStepBack(accepted, stop);
        JsonObject sink =
            Api.await(
                "the sink idle on " + survivorId,
                WAIT,
                () -> SinkChecks.sink(api, "deployments"),
                s -> "idle".equals(s.getString("state")));
        assertTrue(
            sink.getLong("cursor") >= expected.last(),
            "the cursor passed the last matching entry " + expected.last() + ": " + sink);
      } finally {
        r1.close();
        if (r2 != null) {
          r2.close();
        }
      }
    }
  }
}
