package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.SharedClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared list budget under 20 clusters: twenty configured clusters (ten names for each of two
 * real API servers) all sync on the configured number of list threads, not twenty pools of {@code
 * maxConcurrentLists}, and leave none behind when the process stops.
 */
@ExtendWith(SharedClusters.class)
class SharedListBudgetTest {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int CLUSTERS = 20;
  private static final int LIST_THREADS = 3;

  @TempDir Path tmp;

  private static int listThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("allkinds-lists") && t.isAlive())
            .count();
  }

  @Test
  void twentyClustersSyncOnTheSharedListThreads(SharedClusters.Clusters shared) throws Exception {
    List<String> names = new ArrayList<>();
    StringBuilder clusters = new StringBuilder();
    for (int i = 0; i < CLUSTERS; i++) {
      KubeCluster server = i % 2 == 0 ? shared.alpha() : shared.beta();
      String name = "fleet-%02d".formatted(i);
      names.add(name);
      clusters.append(Configs.cluster(name, server.adminKubeconfig()));
    }
    // The sync block is the configuration's last: these keys join it.
    String yaml =
        Configs.config(tmp, clusters.toString())
            + "  listThreads: %d\n  maxConcurrentLists: 4\n".formatted(LIST_THREADS);
    assertEquals(0, listThreads(), "no list thread before the aggregator starts");

    AtomicInteger most = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    ScheduledFuture<?> sampling =
        sampler.scheduleAtFixedRate(
            () -> most.accumulateAndGet(listThreads(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
    try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
      Api api = aggregator.api();
      Map<String, String> states =
          Api.await(
              "all " + CLUSTERS + " clusters watching",
              WAIT,
              () -> {
                Map<String, String> m = new TreeMap<>();
                names.forEach(n -> m.put(n, ApiStates.clusterState(api, n)));
                return m;
              },
              m -> m.values().stream().allMatch("watching"::equals));
      assertEquals(CLUSTERS, states.size());
      assertEquals(LIST_THREADS, listThreads(), "list threads once every cluster is watching");
    } finally {
      sampling.cancel(false);
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(
        LIST_THREADS,
        most.get(),
        "the most list threads alive at any time while 20 clusters started (not 20 x 4 = 80)");
    assertEquals(0, listThreads(), "no list thread left once the aggregator stopped");
  }
}
