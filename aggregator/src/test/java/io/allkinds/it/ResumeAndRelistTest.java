package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of the aggregator: resuming watches where they stopped, and relisting when that is
 * impossible.
 */
@ExtendWith(SharedClusters.class)
class ResumeAndRelistTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  /**
   * When ConfigMaps were last listed, once that list is done: the objects of a list are stored
   * before its end is, so a test that saw them waits for this too.
   */
  private static String lastListAt(Api api, String cluster) {
    return Api.await(
        "the ConfigMaps of " + cluster + " listed",
        WAIT,
        () ->
            api.items("/api/v1/resource-types?cluster=" + cluster).stream()
                .map(JsonObject.class::cast)
                .filter(
                    t ->
                        t.getString("resource").equals("configmaps")
                            && t.getString("group").isEmpty()
                            && t.getString("lastListAt") != null)
                .map(t -> t.getString("lastListAt"))
                .findFirst()
                .orElse(null),
        at -> at != null);
  }

  @Test
  void aSigkilledAggregatorResumesWithoutLosingOrRepeatingChanges(SharedClusters.Clusters shared)
      throws Exception {
    Path config = tmp.resolve("allkinds.yaml");
    Files.writeString(
        config, Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig())));
    String ns = "burst-" + System.nanoTime();
    Map<String, List<String>> expected = new ConcurrentHashMap<>();
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      KubeObjects.namespace(client, ns);
      ChildAggregator first = ChildAggregator.start(config, tmp.resolve("first.log"));
      String listedAt;
      CompletableFuture<Void> burst;
      try {
        Api.await(
            "alpha synced",
            WAIT,
            () -> ApiStates.clusterState(first.api(), "alpha"),
            "watching"::equals);
        listedAt = lastListAt(first.api(), "alpha");
        burst =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 150; i++) {
                    String name = "cm-" + i;
                    String rv =
                        client
                            .configMaps()
                            .resource(KubeObjects.configMap(ns, name, "0"))
                            .create()
                            .getMetadata()
                            .getResourceVersion();
                    expected.put(name, new ArrayList<>(List.of("ADDED@" + rv)));
                  }
                  for (int i = 0; i < 150; i++) {
                    String name = "cm-" + i;
                    String rv =
                        client
                            .configMaps()
                            .resource(KubeObjects.configMap(ns, name, "1"))
                            .update()
                            .getMetadata()
                            .getResourceVersion();
                    expected.get(name).add("MODIFIED@" + rv);
                  }
                });
        Api.await(
            "part of the burst stored",
            WAIT,
            () -> ApiStates.configMapJournal(first.api(), "alpha", ns).size(),
            n -> n >= 60);
      } finally {
        first.kill();
      }
      assertTrue(!burst.isDone(), "the aggregator was killed in the middle of the burst");

      try (ChildAggregator second = ChildAggregator.start(config, tmp.resolve("second.log"))) {
        burst.get(5, TimeUnit.MINUTES);
        Map<String, String> server = KubeObjects.serverState(client, ns);
        Api.await(
            "store equal to the server",
            WAIT,
            () -> ApiStates.configMaps(second.api(), "alpha", ns),
            server::equals);
        assertEquals(
            new TreeMap<>(expected),
            ApiStates.configMapJournal(second.api(), "alpha", ns),
            "every change journaled exactly once, in order");
        assertEquals(
            listedAt, lastListAt(second.api(), "alpha"), "ConfigMaps were resumed, not relisted");
        assertTrue(
            second.logText().contains("type=configmaps resuming watch"), "the log says it resumed");
      }
    }
  }

  @Test
  void aWatchThatCannotResumeRelistsAndReconciles() throws Exception {
    try (KubeCluster server = KubeCluster.start("nocache", false);
        KubernetesClient client = KubeObjects.client(server.adminKubeconfig())) {
      String yaml = Configs.config(tmp, Configs.cluster("nocache", server.adminKubeconfig()));
      String ns = "gone";
      KubeObjects.namespace(client, ns);
      for (String name : List.of("a", "b", "c")) {
        client.configMaps().resource(KubeObjects.configMap(ns, name, "0")).create();
      }
      long seqBefore;
      String listedBefore;
      try (Aggregator first = Aggregator.start(tmp, yaml)) {
        Api.await(
            "3 ConfigMaps stored",
            WAIT,
            () -> ApiStates.configMaps(first.api(), "nocache", ns),
            m -> m.size() == 3);
        seqBefore =
            first.api().changes("limit=1000&cluster=nocache").stream()
                .map(JsonObject.class::cast)
                .mapToLong(e -> e.getLong("seq"))
                .max()
                .orElse(0);
        listedBefore = lastListAt(first.api(), "nocache");
      }
      client.configMaps().resource(KubeObjects.configMap(ns, "a", "1")).update();
      client.configMaps().inNamespace(ns).withName("b").delete();
      client.configMaps().resource(KubeObjects.configMap(ns, "d", "0")).create();
      server.compactEtcd();
      Instant restart = Instant.now();

      try (Aggregator second = Aggregator.start(tmp, yaml)) {
        Map<String, String> expected = KubeObjects.serverState(client, ns);
        Api.await(
            "store equal to the server",
            WAIT,
            () -> ApiStates.configMaps(second.api(), "nocache", ns),
            expected::equals);
        List<String> changes =
            second
                .api()
                .changes(
                    "limit=1000&kind=ConfigMap&cluster=nocache"
                        + "&namespace="
                        + ns
                        + "&after="
                        + seqBefore)
                .stream()
                .map(JsonObject.class::cast)
                .map(e -> e.getString("type") + " " + e.getString("name"))
                .sorted()
                .toList();
        assertEquals(
            List.of("ADDED d", "DELETED b", "MODIFIED a"),
            changes,
            "the relist journals what changed while nobody watched, and nothing else");
        String listedAfter = lastListAt(second.api(), "nocache");
        assertTrue(
            !listedAfter.equals(listedBefore) && Instant.parse(listedAfter).isAfter(restart),
            "ConfigMaps were relisted after the 410");
      }
    }
  }
}
