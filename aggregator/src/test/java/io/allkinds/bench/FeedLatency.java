package io.allkinds.bench;

import io.allkinds.testing.Api;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Change → live feed latency: while a client reads {@code /api/v1/watch} for one namespace,
 * ConfigMaps in it are patched through the API server at a fixed rate; each change is timed from
 * just before its PATCH is sent until its entry (same name and resourceVersion) arrives on the
 * stream, so the figure includes the API server's write, its watch, AllKinds' decoding, the durable
 * commit and the feed. The baseline, measured on the same changes: their arrival on a watch of the
 * API server itself, opened by the benchmark (what any client could do at best on this machine).
 */
final class FeedLatency {

  /** What one run measured; latencies in milliseconds. */
  record Figures(
      int sent,
      int seen,
      double rate,
      double p50,
      double p99,
      double max,
      double apiP50,
      double apiP99,
      double batches,
      double batchMs,
      double batchMaxMs,
      String slowest) {
    String describe() {
      return String.format(
          "change -> SSE at %.0f writes/s: %d of %d changes seen, p50 %.0f ms, p99 %.0f ms, max %.0f"
              + " ms (the API server's own watch, same changes: p50 %.0f ms, p99 %.0f ms);"
              + " meanwhile %.0f store batches, %.1f ms each on average, the longest %.0f ms;"
              + " the slowest changes (sent at s into the run: feed / API server's watch ms): %s",
          rate, seen, sent, p50, p99, max, apiP50, apiP99, batches, batchMs, batchMaxMs, slowest);
    }
  }

  private static final int OBJECTS = 100;

  /** Where the stream said it starts (the journal sequence number), kept among the seen keys. */
  private static final String CURSOR = "(stream cursor)";

  private FeedLatency() {}

  /**
   * Patches at {@code rate} per second for {@code length} against the aggregator at {@code port},
   * in a namespace of its own ({@code namespace}, new for each run).
   */
  static Figures measure(
      KubernetesClient client, int port, String namespace, int rate, Duration length)
      throws Exception {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    for (int i = 0; i < OBJECTS; i++) {
      ConfigMap cm =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("feed-" + i)
              .withNamespace(namespace)
              .endMetadata()
              .addToData("v", "created")
              .build();
      client.configMaps().resource(cm).serverSideApply();
    }
    double[] batchesBefore = batchFigures(port);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/api/v1/watch?kind=ConfigMap&namespace="
                                + namespace))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    Map<String, Long> apiSeenAt = new ConcurrentHashMap<>();
    Watch apiWatch =
        client
            .configMaps()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap cm) {
                    apiSeenAt.putIfAbsent(
                        cm.getMetadata().getName() + "@" + cm.getMetadata().getResourceVersion(),
                        System.nanoTime());
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // closed at the end of the run
                  }
                });
    Thread reader = new Thread(() -> read(stream.body(), seenAt), "feed-bench-reader");
    reader.setDaemon(true);
    reader.start();
    ExecutorService writers = Executors.newFixedThreadPool(16);
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger next = new AtomicInteger();
    long runStart = System.nanoTime();
    int total = (int) (rate * length.toSeconds());
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    var ticks =
        pace.scheduleAtFixedRate(
            () -> {
              int k = next.getAndIncrement();
              if (k >= total) {
                return;
              }
              writers.execute(
                  () -> {
                    long start = System.nanoTime();
                    ConfigMap patched =
                        client
                            .configMaps()
                            .inNamespace(namespace)
                            .withName("feed-" + (k % OBJECTS))
                            .patch(merge, "{\"data\":{\"v\":\"" + k + "\"}}");
                    sentAt.put(
                        patched.getMetadata().getName()
                            + "@"
                            + patched.getMetadata().getResourceVersion(),
                        start);
                  });
            },
            0,
            1_000_000_000L / rate,
            TimeUnit.NANOSECONDS);
    long deadline = System.nanoTime() + length.plusSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && (next.get() < total
            || sentAt.size() < total
            || !seenAt.keySet().containsAll(sentAt.keySet()))) {
      Thread.sleep(50); // polling the counts above, with the deadline; the figures are timestamps
    }
    ticks.cancel(false);
    pace.shutdownNow();
    writers.shutdown();
    writers.awaitTermination(30, TimeUnit.SECONDS);
    stream.body().close();
    apiWatch.close();
    Set<String> unseen = new TreeSet<>(sentAt.keySet());
    unseen.remove(CURSOR);
    unseen.removeAll(seenAt.keySet());
    if (!unseen.isEmpty()) {
      Map<String, Long> journaled = journaled(port, namespace);
      for (String key : unseen) {
        System.out.printf(
            "not seen on the feed (%s): %s, %s%n",
            seenAt.get(CURSOR),
            key,
            journaled.containsKey(key)
                ? "in the journal at seq " + journaled.get(key)
                : "NOT in the journal");
      }
    }
    double[] batchesAfter = batchFigures(port);
    double batches = batchesAfter[0] - batchesBefore[0];
    double batchMs = batches == 0 ? 0 : (batchesAfter[1] - batchesBefore[1]) * 1000 / batches;
    long[] latencies = latencies(sentAt, seenAt);
    long[] apiLatencies = latencies(sentAt, apiSeenAt);
    String slowest =
        sentAt.entrySet().stream()
            .filter(e -> seenAt.containsKey(e.getKey()))
            .sorted(
                Comparator.comparingLong(
                    (Map.Entry<String, Long> e) -> e.getValue() - seenAt.get(e.getKey())))
            .limit(8)
            .map(
                e ->
                    String.format(
                        "%.1f: %d / %s",
                        (e.getValue() - runStart) / 1e9,
                        (seenAt.get(e.getKey()) - e.getValue()) / 1_000_000,
                        apiSeenAt.containsKey(e.getKey())
                            ? String.valueOf((apiSeenAt.get(e.getKey()) - e.getValue()) / 1_000_000)
                            : "-"))
            .collect(Collectors.joining(", "));
    return new Figures(
        sentAt.size(),
        latencies.length,
        rate,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies.length == 0 ? -1 : latencies[latencies.length - 1] / 1e6,
        percentile(apiLatencies, 0.50),
        percentile(apiLatencies, 0.99),
        batches,
        batchMs,
        batchesAfter[2] * 1000,
        slowest);
  }

  /** From sending each change to its arrival, in nanoseconds, sorted; changes not seen left out. */
  private static long[] latencies(Map<String, Long> sentAt, Map<String, Long> seenAt) {
    return sentAt.entrySet().stream()
        .filter(e -> seenAt.containsKey(e.getKey()))
        .mapToLong(e -> Math.max(0, seenAt.get(e.getKey()) - e.getValue()))
        .sorted()
        .toArray();
  }

  /**
   * The store writer's batches so far: their count, their total seconds and the longest of the last
   * two minutes (from /metrics).
   */
  private static double[] batchFigures(int port) {
    Api api = new Api(port);
    return new double[] {
      BenchMetrics.value(api, "allkinds_batch_write_seconds_count"),
      BenchMetrics.value(api, "allkinds_batch_write_seconds_sum"),
      BenchMetrics.value(api, "allkinds_batch_write_seconds_max")
    };
  }

  /** Every change of the namespace in the journal, as name@resourceVersion. */
  private static Map<String, Long> journaled(int port, String namespace) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Long> keys = new HashMap<>();
    long after = 0;
    while (true) {
      String body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + port
                                  + "/api/v1/changes?limit=1000&namespace="
                                  + namespace
                                  + "&after="
                                  + after))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      JsonObject page = new JsonObject(body);
      page.getJsonArray("items").stream()
          .map(JsonObject.class::cast)
          .forEach(
              e ->
                  keys.put(
                      e.getString("name") + "@" + e.getString("resourceVersion"),
                      e.getLong("seq")));
      if (page.getValue("next") == null) {
        return keys;
      }
      after = page.getLong("next");
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** Notes when each change (name@resourceVersion) arrives on the stream. */
  private static void read(InputStream in, Map<String, Long> seenAt) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(": watching after ")) {
          seenAt.put(CURSOR, Long.parseLong(line.substring(17).trim()));
        } else if (line.startsWith("data: ")) {
          long now = System.nanoTime();
          JsonObject e = new JsonObject(line.substring(6));
          seenAt.putIfAbsent(e.getString("name") + "@" + e.getString("resourceVersion"), now);
        }
      }
    } catch (Exception e) {
      // closed at the end of the run
    }
  }
}
