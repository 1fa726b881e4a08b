package io.allkinds.bench;

import io.allkinds.testing.Api;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Churn benchmark: {@code bench.objects} ConfigMaps of about 1 KB (default 2,000) on a real API
 * server, synced by an aggregator in its own JVM on an H2 file; then {@code bench.churn} updates
 * (each changes one value of one ConfigMap, round robin). Prints the file size per live object
 * right after the sync, once every update is stored, and after the next retention pass
 * (compaction). Options: {@code bench.maxBytes} (retention.maxBytes, e.g. {@code 8MiB}), {@code
 * bench.h2} (settings appended to the H2 URL, e.g. {@code ;RETENTION_TIME=5000}). Run: {@code mvn
 * -pl aggregator test -Dtest=ChurnBenchmark -Dbench.churn=20000}.
 */
@EnabledIfSystemProperty(
    named = "bench.churn",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.churn=N (see its Javadoc)")
class ChurnBenchmark {

  private static final int NAMESPACES = 10;

  @TempDir Path tmp;

  @Test
  void churn() throws Exception {
    int objects = Integer.getInteger("bench.objects", 2000);
    int churn = Integer.getInteger("bench.churn");
    String maxBytes = System.getProperty("bench.maxBytes");
    Path file = tmp.resolve("db/allkinds.mv.db");
    try (KubeCluster server = KubeCluster.start("churn", true);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.adminKubeconfig().toFile()))
                .build()) {
      create(client, objects);
      String yaml =
          "clusters:\n  - {name: c, kubeconfig: "
              + server.adminKubeconfig()
              + "}\nstore: {url: 'jdbc:h2:file:"
              + tmp.resolve("db/allkinds")
              + System.getProperty("bench.h2", "")
              + "'}\nretention: {intervalSeconds: 10"
              + (maxBytes == null ? "" : ", maxBytes: '" + maxBytes + "'")
              + "}\n";
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(config, yaml);
      Path log = tmp.resolve("aggregator.log");
      try (ChildAggregator aggregator = ChildAggregator.start(config, log)) {
        Api api = aggregator.api();
        Api.await(
            "every ConfigMap stored",
            Duration.ofMinutes(10),
            () -> BenchConfigMaps.stored(api),
            n -> n >= objects);
        long synced = Files.size(file);
        System.out.printf(
            "%n=== churn benchmark: %d ConfigMaps of ~1 KB, %d updates, maxBytes=%s, H2 URL"
                + " settings '%s' ===%n",
            objects,
            churn,
            maxBytes == null ? "none" : maxBytes,
            System.getProperty("bench.h2", ""));
        print("after the sync", synced, objects);

        long t0 = System.nanoTime();
        String last = update(client, objects, churn);
        double churnS = (System.nanoTime() - t0) / 1e9;
        int lastIndex = (churn - 1) % objects;
        Api.await(
            "the last update stored",
            Duration.ofMinutes(10),
            () -> storedVersion(api, lastIndex),
            last::equals);
        double storedS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "%d updates sent in %.1f s (%.0f/s), all stored after %.1f s%n",
            churn, churnS, churn / churnS, storedS);
        print("once every update is stored", Files.size(file), objects);

        long passes = compactions(aggregator);
        long retentionPasses = passes;
        Api.await(
            "a retention pass that compacts after the churn",
            Duration.ofMinutes(3),
            () -> compactions(aggregator),
            n -> n > retentionPasses);
        print("after the next retention pass", Files.size(file), objects);
        JsonObject store = api.get("/api/v1/clusters").json().getJsonObject("store");
        System.out.printf("/api/v1/clusters store: %s%n", store.encode());
      }
    }
  }

  private static void print(String when, long bytes, int objects) {
    System.out.printf(
        "%s: H2 file %.2f MB, %.2f KB per live object%n", when, bytes / 1e6, bytes / 1e3 / objects);
  }

  /** Retention passes that compacted the H2 file so far (the last step of a pass). */
  private static long compactions(ChildAggregator aggregator) {
    return aggregator.logText().lines().filter(l -> l.contains("compacted the H2 file")).count();
  }

  private static String storedVersion(Api api, int i) {
    Api.Response r =
        api.get(
            "/api/v1/object?cluster=c&apiVersion=v1&kind=ConfigMap&namespace=churn-"
                + (i % NAMESPACES)
                + "&name=cm-"
                + i);
    return r.status() == 200 ? r.json().getString("resourceVersion") : null;
  }

  private static ConfigMap configMap(int i, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("churn-" + (i % NAMESPACES))
        .withName("cm-" + i)
        .withLabels(Map.of("app", "churn", "shard", String.valueOf(i % 7)))
        .endMetadata()
        .withData(Map.of("payload", value))
        .build();
  }

  /** About 900 characters of random text, so that the body does not deflate to nothing. */
  private static String payload(Random random) {
    StringBuilder b = new StringBuilder(900);
    for (int i = 0; i < 900; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  private static void create(KubernetesClient client, int objects) throws Exception {
    for (int n = 0; n < NAMESPACES; n++) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("churn-" + n).endMetadata().build())
          .create();
    }
    run(
        objects,
        (random, i) -> {
          client.configMaps().resource(configMap(i, payload(random))).create();
          return null;
        });
  }

  /** {@code churn} updates, round robin; answers the resourceVersion of the last one. */
  private static String update(KubernetesClient client, int objects, int churn) throws Exception {
    run(
        churn - 1,
        (random, u) -> {
          client.configMaps().resource(configMap(u % objects, payload(random))).update();
          return null;
        });
    // The last one alone, after every other: its version is the newest of its object.
    ConfigMap last =
        client
            .configMaps()
            .resource(configMap((churn - 1) % objects, payload(new Random(churn))))
            .update();
    return last.getMetadata().getResourceVersion();
  }

  /** One create or update, with its thread's random source. */
  private interface Step {
    Void run(Random random, int i) throws Exception;
  }

  private static void run(int count, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                Random random = new Random(thread);
                for (int i = thread; i < count; i += 8) {
                  step.run(random, i);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
  }
}
