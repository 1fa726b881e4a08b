package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.HttpReceiver;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and sinks: the journal is not pruned past what a sink within its maximum lag has yet to
 * deliver, while a sink further behind is marked lagging and counts what it skipped; a replay from
 * a pruned entry is refused with 409.
 */
@ExtendWith(SharedClusters.class)
class SinkRetentionFloorTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void retentionWaitsForAHealthySinkAndCountsWhatALaggingOneSkipped(SharedClusters.Clusters shared)
      throws Exception {
    String ns = "retain-" + System.nanoTime();
    try (HttpReceiver receiver = HttpReceiver.start(5);
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(
          config,
          Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()))
              + """
              retention:
                maxJournalEntries: 30
                intervalSeconds: 10
              sinks:
                - name: held
                  url: %s
                  kinds: [ConfigMap]
                  namespaces: [%s]
                - name: lossy
                  url: http://127.0.0.1:1/
                  kinds: [ConfigMap]
                  namespaces: [%s]
                  maxLagEntries: 5
              """
                  .formatted(receiver.url(), ns, ns));
      KubeObjects.namespace(client, ns);
      try (ChildAggregator aggregator = ChildAggregator.start(config, tmp.resolve("a.log"))) {
        Api api = aggregator.api();
        Api.await(
            "alpha synced", WAIT, () -> ApiStates.clusterState(api, "alpha"), "watching"::equals);
        for (int i = 0; i < 10; i++) {
          client.configMaps().resource(KubeObjects.configMap(ns, "a" + i, "0")).create();
        }
        Api.await("the first 10 delivered", WAIT, receiver::acceptedSeqs, s -> s.size() == 10);
        long firstA = receiver.acceptedSeqs().get(0);

        receiver.down();
        Instant downAt = Instant.now();
        for (int i = 0; i < 30; i++) {
          client.configMaps().resource(KubeObjects.configMap(ns, "b" + i, "0")).create();
        }
        List<Long> bs =
            Api.await(
                    "the 30 later ConfigMaps journaled",
                    WAIT,
                    () -> configMapSeqs(api, ns, "b"),
                    l -> l.size() == 30)
                .stream()
                .toList();
        JsonObject held =
            Api.await(
                "held fails while its receiver is down",
                WAIT,
                () -> SinkChecks.sink(api, "held"),
                s ->
                    s.getString("lastErrorAt") != null
                        && OffsetDateTime.parse(s.getString("lastErrorAt"))
                            .toInstant()
                            .isAfter(downAt));
        long heldCursor = held.getLong("cursor");
        assertTrue(heldCursor < bs.get(0), "held stopped before the first undelivered: " + held);

        JsonObject lossy =
            Api.await(
                "a retention pass moved lossy past what it could not deliver",
                WAIT,
                () -> SinkChecks.sink(api, "lossy"),
                s -> s.getLong("cursor") >= heldCursor);
        System.out.println("held " + held + "\nlossy " + lossy);
        assertEquals("lagging", lossy.getString("state"), "lossy: " + lossy);
        assertTrue(lossy.getLong("skipped") > 0, "lossy counts what it skipped: " + lossy);
        // The pass counts lossy's skip before it deletes: the deletion may still be under way.
        Api.await(
            "retention pruned what held had delivered",
            WAIT,
            () -> configMapSeqs(api, ns, "a"),
            List::isEmpty);
        assertEquals(bs, configMapSeqs(api, ns, "b"), "retention kept what held has not delivered");

        receiver.up();
        SinkChecks.awaitAccepted("held gets the rest", WAIT, receiver, bs);
        held = SinkChecks.sink(api, "held");
        assertEquals(0L, held.getLong("skipped"), "held skipped nothing: " + held);
        Api.Response replay = api.post("/api/v1/sinks/held/replay?from=" + firstA);
        assertEquals(409, replay.status(), "a replay from a pruned entry: " + replay.body());
      }
    }
  }

  /** The journal's seqs of the ConfigMaps of {@code ns} whose names start with {@code prefix}. */
  private static List<Long> configMapSeqs(Api api, String ns, String prefix) {
    return api.changes("limit=1000&cluster=alpha&kind=ConfigMap&namespace=" + ns).stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("name").startsWith(prefix))
        .map(e -> e.getLong("seq"))
        .toList();
  }
}
