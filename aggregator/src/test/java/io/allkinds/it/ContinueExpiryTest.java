package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A type larger than etcd's compaction window: with pages of 5 and etcd compacted again and again,
 * continue tokens expire (410) half way through every paged list. The aggregator backs off and
 * lists once without pages, as client-go's pager does, and the type syncs.
 */
class ContinueExpiryTest {

  private static final int OBJECTS = 300;

  @TempDir Path tmp;

  @Test
  void aTypeWhoseContinueTokensExpireStillSyncs() throws Exception {
    // Without the watch cache, LIST pages are read from etcd at the first page's revision.
    try (KubeCluster server = KubeCluster.start("compact", false);
        KubernetesClient client = KubeObjects.client(server.adminKubeconfig())) {
      String ns = "paged";
      KubeObjects.namespace(client, ns);
      KubeObjects.namespace(client, "churn");
      createMany(client, ns);
      String yaml =
          """
          clusters:
            - name: compact
              kubeconfig: %s
          store:
            url: jdbc:h2:file:%s
          http:
            port: 0
          sync:
            pageSize: 5
            backoffCapSeconds: 2
            qps: 20
            burst: 5
            include:
              - group: ""
                resource: configmaps
          """
              .formatted(server.adminKubeconfig(), tmp.resolve("db/allkinds"));

      AtomicBoolean compacting = new AtomicBoolean(true);
      AtomicInteger compactions = new AtomicInteger();
      ExecutorService churn = Executors.newSingleThreadExecutor();
      Future<?> compactor =
          churn.submit(
              () -> {
                // Writes advance etcd's revision; each compaction then drops the revision a
                // continue token holds.
                for (int i = 0; compacting.get(); i++) {
                  client
                      .configMaps()
                      .resource(KubeObjects.configMap("churn", "tick", String.valueOf(i)))
                      .createOr(r -> r.update());
                  server.compactEtcd();
                  compactions.incrementAndGet();
                }
                return null;
              });
      long started = System.nanoTime();
      try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
        Api api = aggregator.api();
        Api.await(
            "a continue token expired at least once",
            Duration.ofMinutes(2),
            () -> counter(api, "allkinds_list_continue_expired_total"),
            n -> n >= 1);
        Api.await(
            "ConfigMaps watched while etcd is compacted",
            Duration.ofMinutes(2),
            () -> ApiStates.typeState(api, "compact", "configmaps"),
            "watching"::equals);
        Map<String, String> expected = KubeObjects.serverState(client, ns);
        Api.await(
            "store equal to the server",
            Duration.ofSeconds(60),
            () -> ApiStates.configMaps(api, "compact", ns),
            expected::equals);
        System.out.printf(
            "synced %d ConfigMaps in pages of 5 under %d compactions in %d ms; "
                + "continue tokens expired %d times, %d LIST pages%n",
            OBJECTS,
            compactions.get(),
            (System.nanoTime() - started) / 1_000_000,
            (long) counter(api, "allkinds_list_continue_expired_total"),
            (long) counter(api, "allkinds_list_pages_total"));
        assertTrue(compactions.get() > 0);
        // qps 20 with a burst of 5: discovery alone (one request per API group) has to wait for
        // tokens.
        assertTrue(
            counter(api, "allkinds_ratelimit_waits_seconds_count") > 0,
            "requests were held back by the client-side rate limit");
      } finally {
        compacting.set(false);
        compactor.get();
        churn.shutdownNow();
      }
    }
  }

  private static void createMany(KubernetesClient client, String ns) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < OBJECTS; i += 4) {
                    client
                        .configMaps()
                        .resource(KubeObjects.configMap(ns, "cm-" + i, "0"))
                        .create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double counter(Api api, String name) {
    return api.get("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
