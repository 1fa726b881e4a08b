package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion is bounded in memory: 600 ConfigMaps of about 200 KB (120 MB of JSON, 500 objects to a
 * default page) sync into an aggregator whose heap is 256 MB, because LIST pages are read as a
 * stream and sized to a byte budget.
 */
class LargeObjectSyncTest {

  private static final int OBJECTS = 600;
  private static final int OBJECT_BYTES = 200 * 1024;
  private static final String NS = "large";

  @TempDir Path tmp;

  @Test
  void sixHundredObjectsOf200KbSyncUnderA256MbHeap() throws Exception {
    try (KubeCluster server = KubeCluster.start("large", true);
        KubernetesClient client = KubeObjects.client(server.adminKubeconfig())) {
      KubeObjects.namespace(client, NS);
      long t0 = System.nanoTime();
      create(client);
      System.out.printf(
          "created %d ConfigMaps of %d KB in %d ms%n",
          OBJECTS, OBJECT_BYTES / 1024, (System.nanoTime() - t0) / 1_000_000);
      Map<String, String> expected = serverState(client);
      assertEquals(OBJECTS, expected.size());

      Path config = tmp.resolve("allkinds.yaml");
      // Default sync settings: pages of up to 500, the default byte budget and rate limit.
      Files.writeString(
          config,
          """
          clusters:
            - name: large
              kubeconfig: %s
          store:
            url: jdbc:h2:file:%s
          http:
            port: 0
          """
              .formatted(server.adminKubeconfig(), tmp.resolve("db/allkinds")));
      long started = System.nanoTime();
      AtomicLong peakHeap = new AtomicLong();
      try (ChildAggregator child =
          ChildAggregator.start(config, tmp.resolve("child.log"), "256m")) {
        Api api = child.api();
        Api.await(
            "all " + OBJECTS + " ConfigMaps stored",
            Duration.ofMinutes(6),
            () -> {
              assertTrue(child.alive(), "the aggregator is still running");
              peakHeap.accumulateAndGet(heapUsed(api), Math::max);
              return ApiStates.configMaps(api, "large", NS);
            },
            expected::equals);
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        Api.await(
            "ConfigMaps watched",
            Duration.ofSeconds(60),
            () -> ApiStates.typeState(api, "large", "configmaps"),
            "watching"::equals);
        String metrics = api.get("/metrics").body();
        System.out.printf(
            "synced %d ConfigMaps of %d KB under -Xmx256m in %d ms; peak heap seen %d MB%n%s%n",
            OBJECTS,
            OBJECT_BYTES / 1024,
            elapsed,
            peakHeap.get() >> 20,
            metrics
                .lines()
                .filter(l -> l.startsWith("allkinds_list") || l.startsWith("allkinds_ratelimit"))
                .reduce("", (a, b) -> a + b + "\n"));
        assertTrue(child.alive(), "the aggregator never died");
        String log = child.logText();
        assertFalse(
            log.contains("OutOfMemoryError") || log.contains("Java heap space"),
            "no heap exhaustion in the log");
      }
    }
  }

  private static void create(KubernetesClient client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < OBJECTS; i += 6) {
                    client.configMaps().resource(configMap(i)).create();
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

  /** A ConfigMap of about 200 KB of text that compresses about as badly as real data. */
  private static ConfigMap configMap(int i) {
    Random random = new Random(i);
    char[] text = new char[OBJECT_BYTES];
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int c = 0; c < text.length; c++) {
      text[c] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(String.format("big-%04d", i))
        .endMetadata()
        .withData(Map.of("blob", new String(text)))
        .build();
  }

  /** name -> resourceVersion on the server, read in small pages to spare this JVM's heap. */
  private static Map<String, String> serverState(KubernetesClient client) {
    Map<String, String> out = new TreeMap<>();
    String cont = null;
    do {
      ConfigMapList page =
          client
              .configMaps()
              .inNamespace(NS)
              .list(new ListOptionsBuilder().withLimit(50L).withContinue(cont).build());
      page.getItems().stream()
          .filter(c -> !c.getMetadata().getName().equals("kube-root-ca.crt"))
          .forEach(c -> out.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
      cont = page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return out;
  }

  /** Heap in use now, from the aggregator's own metrics (0 when they cannot be read). */
  private static long heapUsed(Api api) {
    Api.Response r = api.get("/metrics");
    if (r.status() != 200) {
      return 0;
    }
    return (long)
        r.body()
            .lines()
            .filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
  }
}
