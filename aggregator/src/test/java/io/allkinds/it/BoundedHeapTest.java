package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.KubeObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM with a 256 MB heap holding 1,000 objects of 200 KB answers 8 concurrent {@code
 * full=true&limit=1000} paging loops to the end, survives, and keeps ingesting.
 */
class BoundedHeapTest {

  private static final int OBJECTS = 1000;
  private static final int BODY_BYTES = 200 * 1024;
  private static final int LOOPS = 8;
  private static final Pattern HEAP =
      Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)$");

  /** The old generation's size after the last collection: what the heap really holds. */
  private static final Pattern LIVE =
      Pattern.compile("(?m)^jvm_gc_live_data_size_bytes(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

  @TempDir Path tmp;

  @Test
  void eightConcurrentFullPagesOfLargeObjectsFitA256MbHeap() throws Exception {
    try (KubeCluster cluster = KubeCluster.start("bounded-heap", true);
        KubernetesClient kube = KubeObjects.client(cluster.adminKubeconfig())) {
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(
          config,
          """
          clusters:
          - name: big
            kubeconfig: %s
          store:
            url: jdbc:h2:file:%s
          http:
            port: 0
          sync:
            include:
            - {group: "", resource: "configmaps"}
            - {group: "", resource: "namespaces"}
          """
              .formatted(cluster.adminKubeconfig(), tmp.resolve("db/allkinds")));
      // The objects exist before the aggregator starts, so they arrive by the streamed, paced LIST:
      // this test is about the answers' memory. (A burst of 200 KB objects arriving by watch
      // faster than the writer stores them is a separate matter, see the README's limits.)
      String ns = "big";
      KubeObjects.namespace(kube, ns);
      createLargeConfigMaps(kube, ns);
      try (ChildAggregator child =
          ChildAggregator.start(
              config,
              tmp.resolve("child.log"),
              List.of(
                  "-Xmx256m",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-XX:+UnlockDiagnosticVMOptions",
                  "-XX:GCLockerRetryAllocationCount=100"))) {
        Api api = child.api();
        String listing =
            "/api/v1/objects?cluster=big&kind=ConfigMap&namespace=" + ns + "&limit=1000";
        Api.await(
            OBJECTS + " large ConfigMaps stored",
            Duration.ofMinutes(5),
            () -> api.items(listing).size(),
            n -> n == OBJECTS);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong maxHeap = new AtomicLong();
        AtomicLong maxLive = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(LOOPS + 1);
        try {
          Future<?> sampler =
              pool.submit(
                  () -> {
                    while (loading.get()) {
                      Api.Response m = api.get("/metrics");
                      long used = 0;
                      Matcher matcher = HEAP.matcher(m.body());
                      while (matcher.find()) {
                        used += (long) Double.parseDouble(matcher.group(1));
                      }
                      maxHeap.accumulateAndGet(used, Math::max);
                      Matcher live = LIVE.matcher(m.body());
                      if (live.find()) {
                        maxLive.accumulateAndGet(
                            (long) Double.parseDouble(live.group(1)), Math::max);
                      }
                      TimeUnit.MILLISECONDS.sleep(
                          250); // the sampling interval, not a synchronisation
                    }
                    return null;
                  });
          List<Future<int[]>> loops = new ArrayList<>();
          for (int i = 0; i < LOOPS; i++) {
            loops.add(pool.submit(() -> pageToTheEnd(api, listing + "&full=true")));
          }
          // Ingestion goes on meanwhile: a change made during the load is stored while the loops
          // run.
          long made = System.nanoTime();
          kube.configMaps()
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withNamespace(ns)
                      .withName("during-load")
                      .endMetadata()
                      .withData(Map.of("v", "1"))
                      .build())
              .create();
          Api.await(
              "a change made during the load stored",
              Duration.ofMinutes(2),
              () ->
                  api.get(
                          "/api/v1/object?cluster=big&apiVersion=v1&kind=ConfigMap&namespace="
                              + ns
                              + "&name=during-load")
                      .status(),
              s -> s == 200);
          long storedMs = (System.nanoTime() - made) / 1_000_000;
          boolean loopsRunning = loops.stream().anyMatch(f -> !f.isDone());
          System.out.printf(
              "BoundedHeapTest: a change made during the load was stored in %d ms (loops still"
                  + " running: %s)%n",
              storedMs, loopsRunning);
          for (Future<int[]> loop : loops) {
            int[] pagesAndObjects = loop.get(10, TimeUnit.MINUTES);
            assertEquals(OBJECTS, pagesAndObjects[1], "every large object exactly once");
            assertTrue(
                pagesAndObjects[0] > 10,
                "the byte budget cut the 200 MB listing into pages: " + pagesAndObjects[0]);
            System.out.printf(
                "BoundedHeapTest: a loop read %d objects in %d pages%n",
                pagesAndObjects[1], pagesAndObjects[0]);
          }
          loading.set(false);
          sampler.get(1, TimeUnit.MINUTES);
        } finally {
          loading.set(false);
          pool.shutdownNow();
        }
        System.out.printf(
            "BoundedHeapTest: during %d concurrent full=true loops, heap used peaked at %d MB"
                + " (garbage included), live data after collections at %d MB%n",
            LOOPS, maxHeap.get() / (1024 * 1024), maxLive.get() / (1024 * 1024));
        assertTrue(child.alive(), "the aggregator survived: " + child.logText());
        assertEquals(200, api.get("/healthz").status());
        assertTrue(
            maxHeap.get() > 0 && maxHeap.get() < 256L * 1024 * 1024,
            "heap sampled: " + maxHeap.get());
        kube.configMaps()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace(ns)
                    .withName("after-load")
                    .endMetadata()
                    .withData(Map.of("v", "2"))
                    .build())
            .create();
        Api.await(
            "a change after the load stored",
            Duration.ofSeconds(60),
            () ->
                api.get(
                        "/api/v1/object?cluster=big&apiVersion=v1&kind=ConfigMap&namespace="
                            + ns
                            + "&name=after-load")
                    .status(),
            s -> s == 200);
        historyPagesByTheByteBudget(kube, api, ns);
      }
    }
  }

  /**
   * 60 versions of a 200 KB object (12 MB) come back in pages cut by the byte budget, not by limit.
   */
  private static void historyPagesByTheByteBudget(KubernetesClient kube, Api api, String ns) {
    String name = "large-0000";
    Random random = new Random(42);
    byte[] raw = new byte[BODY_BYTES * 3 / 4];
    for (int i = 0; i < 60; i++) {
      random.nextBytes(raw);
      kube.configMaps()
          .inNamespace(ns)
          .withName(name)
          .edit(
              cm -> {
                cm.setData(Map.of("blob", Base64.getEncoder().encodeToString(raw)));
                return cm;
              });
    }
    String history =
        "/api/v1/history?cluster=big&apiVersion=v1&kind=ConfigMap&namespace="
            + ns
            + "&name="
            + name
            + "&limit=1000";
    Api.await(
        "61 versions journaled",
        Duration.ofSeconds(60),
        () -> {
          int total = 0;
          String after = "0";
          while (after != null) {
            JsonObject page = api.get(history + "&after=" + after).json();
            total += page.getJsonArray("items").size();
            after = page.getValue("next") == null ? null : String.valueOf(page.getLong("next"));
          }
          return total;
        },
        n -> n == 61);
    JsonObject first = api.get(history).json();
    int firstPage = first.getJsonArray("items").size();
    assertTrue(
        firstPage < 61 && first.getValue("next") != null,
        "the budget ended the first page at " + firstPage + " entries, with next");
    JsonObject second = api.get(history + "&after=" + first.getLong("next")).json();
    assertTrue(
        second.getJsonArray("items").getJsonObject(0).getJsonArray("patch") != null,
        "the next page's first entry has its patch");
  }

  /**
   * Follows continue tokens to the end; returns {pages, distinct large objects}, failing on a
   * repeat.
   */
  private static int[] pageToTheEnd(Api api, String listing) {
    Set<String> seen = new HashSet<>();
    String cont = null;
    int pages = 0;
    do {
      Api.Response r = api.get(listing + (cont == null ? "" : "&continue=" + cont));
      assertEquals(
          200,
          r.status(),
          "page "
              + pages
              + ": "
              + (r.body().length() > 300 ? r.body().substring(0, 300) : r.body()));
      JsonObject page = r.json();
      JsonArray items = page.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject o = items.getJsonObject(i);
        assertTrue(
            o.getJsonObject("object").getJsonObject("data") != null, "the whole object is there");
        String name = o.getString("name");
        assertTrue(!name.startsWith("large-") || seen.add(name), "returned twice: " + name);
      }
      cont = page.getString("continue");
      pages++;
    } while (cont != null);
    return new int[] {pages, seen.size()};
  }

  private static void createLargeConfigMaps(KubernetesClient kube, String ns) throws Exception {
    ExecutorService creators = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            creators.submit(
                () -> {
                  Random random = new Random(thread);
                  byte[] raw = new byte[BODY_BYTES * 3 / 4];
                  for (int i = thread; i < OBJECTS; i += 8) {
                    random.nextBytes(raw); // incompressible, so the store holds them at full size
                    kube.configMaps()
                        .resource(
                            new ConfigMapBuilder()
                                .withNewMetadata()
                                .withNamespace(ns)
                                .withName(String.format("large-%04d", i))
                                .endMetadata()
                                .withData(Map.of("blob", Base64.getEncoder().encodeToString(raw)))
                                .build())
                        .create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      creators.shutdownNow();
    }
  }
}
