package io.allkinds.bench;

import io.allkinds.testing.Api;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The ConfigMaps the benchmarks sync: made on a real API server, counted in AllKinds. */
final class BenchConfigMaps {

  private BenchConfigMaps() {}

  /** The ConfigMaps (core group) AllKinds says it stores, over every cluster. */
  static long stored(Api api) {
    return api.items("/api/v1/resource-types").stream()
        .map(JsonObject.class::cast)
        .filter(t -> t.getString("resource").equals("configmaps") && t.getString("group").isEmpty())
        .mapToLong(t -> t.getLong("objects"))
        .sum();
  }

  /** N ConfigMaps of about 1 KB in namespaces bench-0..9, by 16 parallel creates. */
  static void create(KubernetesClient client, int objects) throws Exception {
    for (int n = 0; n < 10; n++) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("bench-" + n).endMetadata().build())
          .create();
    }
    String payload = "x".repeat(900);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = thread; i < objects; i += 16) {
                  client
                      .configMaps()
                      .resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withNamespace("bench-" + (i % 10))
                              .withName("cm-" + i)
                              .withLabels(Map.of("app", "bench", "shard", String.valueOf(i % 7)))
                              .endMetadata()
                              .withData(Map.of("payload", payload))
                              .build())
                      .create();
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
