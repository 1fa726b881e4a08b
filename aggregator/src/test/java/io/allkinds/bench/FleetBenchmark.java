package io.allkinds.bench;

import io.allkinds.testing.ChildAggregator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet benchmark: {@code bench.fleetServers} real API servers (default 3), each with a CRD and
 * {@code bench.fleetObjects} objects (default 300, half Widgets, half ConfigMaps), and for each N
 * of {@code bench.fleet} (e.g. {@code 50,200,500}) a fresh aggregator in its own JVM (heap {@code
 * bench.xmx}, default 1g) on a fresh H2 store, watching N kubeconfig contexts spread round-robin
 * over the servers. Prints the time until every cluster has listed every type and watches it, then
 * after a settle RSS, heap after a full GC, threads (grouped by name), descriptors, TCP connections
 * per API server and the writer queue's high-water mark, and at the end a Markdown table. Run:
 * {@code mvn -pl aggregator test -Dtest=FleetBenchmark -Dbench.fleet=50,200,500}.
 */
@EnabledIfSystemProperty(
    named = "bench.fleet",
    matches = "\\d+(,\\d+)*",
    disabledReason = "a benchmark: run it with -Dbench.fleet=50,200,500 (see its Javadoc)")
class FleetBenchmark {

  /** Raises the soft open-file limit to the hard one, then becomes the JVM (same pid). */
  private static final List<String> ULIMIT_WRAPPER =
      List.of("bash", "-c", "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$@\"", "bash");

  @TempDir Path tmp;

  @Test
  void fleet() throws Exception {
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.fleet").split(",")).map(Integer::valueOf).toList();
    int serverCount = Integer.getInteger("bench.fleetServers", 3);
    int objects = Integer.getInteger("bench.fleetObjects", 300);
    List<FleetRow> rows = new ArrayList<>();
    try (FleetServers servers = FleetServers.start(serverCount, objects)) {
      for (int n : sizes) {
        rows.add(round(servers, n));
        System.out.printf("%n%s%n%s%n", FleetRow.HEADER, rows.get(rows.size() - 1).markdown());
      }
    }
    System.out.printf(
        "%n=== fleet benchmark: %d API servers x (a CRD + %d objects), heap %s, H2, %d cores ===%n",
        serverCount,
        objects,
        System.getProperty("bench.xmx", "1g"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(FleetRow.HEADER);
    rows.forEach(r -> System.out.println(r.markdown()));
  }

  private FleetRow round(FleetServers servers, int n) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("n" + n));
    Path kubeconfig = servers.kubeconfig(dir, n);
    StringBuilder yaml = new StringBuilder("clusters:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("  - {name: c").append(i).append(", kubeconfig: ").append(kubeconfig);
      yaml.append(", context: ctx-").append(i).append("}\n");
    }
    yaml.append("store: {url: 'jdbc:h2:file:").append(dir.resolve("db/allkinds")).append("'}\n");
    Path config = dir.resolve("allkinds.yaml");
    Files.writeString(config, yaml);
    Path log = Path.of("target", "fleet-aggregator-" + n + ".log").toAbsolutePath();
    Files.deleteIfExists(log);
    String xmx = System.getProperty("bench.xmx", "1g");
    System.out.printf("%n=== %d clusters over %d API servers ===%n", n, servers.servers().size());
    long start = System.nanoTime();
    try (ChildAggregator child =
        ChildAggregator.start(config, log, List.of("-Xmx" + xmx), ULIMIT_WRAPPER)) {
      ProcessFigures proc = new ProcessFigures(child.pid());
      System.out.printf(
          "aggregator pid %d, log %s, open-file limit %s%n",
          child.pid(), log, proc.openFileLimit());
      Ready ready = awaitReady(child, n, start);
      long settle = Long.getLong("bench.fleetSettleSeconds", 15);
      if (child.alive()) {
        // A measurement interval after the sync (watches established, pools idle), not a wait for
        // a condition.
        Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
      }
      if (!child.alive()) {
        System.out.printf(
            "the aggregator died; last lines of its log:%n%s%n", tail(child.logText(), 40));
        return new FleetRow(n, "died", ready.types, -1, -1, -1, -1, -1, "-", -1);
      }
      long rssKb = proc.rssKb();
      long rssPeakKb = proc.rssPeakKb();
      long threads = proc.threads();
      long fds = proc.openFiles();
      Map<Integer, Integer> tcp = proc.tcpByRemotePort();
      Map<String, Integer> groups = Map.of();
      long heapKb = -1;
      try {
        groups = proc.threadGroups();
        heapKb = proc.heapAfterFullGcKb();
        System.out.println("what the heap holds after the full GC (jcmd GC.class_histogram, top):");
        proc.jcmd("GC.class_histogram").lines().skip(1).limit(14).forEach(System.out::println);
      } catch (IOException e) {
        System.out.printf("jcmd could not attach: %s%n", e.getMessage());
        System.out.println("threads by kernel name (cut at 15 characters) instead:");
        groups = proc.kernelThreadGroups();
      }
      long queuePeak;
      try {
        queuePeak = (long) BenchMetrics.value(child.api(), "allkinds_queue_depth_peak");
      } catch (RuntimeException e) {
        System.out.printf("/metrics failed: %s%n", e.getMessage());
        queuePeak = -1;
      }
      List<String> perServer = new ArrayList<>();
      int toServers = 0;
      for (int port : servers.ports()) {
        int c = tcp.getOrDefault(port, 0);
        toServers += c;
        perServer.add(String.valueOf(c));
      }
      int total = tcp.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf(
          "after %d s settle: RSS %d MB (peak %d MB), heap after full GC %d MB, %d threads,"
              + " %d descriptors (%.1f per cluster), TCP to API servers %s (%d), other TCP %d,"
              + " writer queue peak %d%n",
          settle,
          rssKb / 1024,
          rssPeakKb / 1024,
          (heapKb < 0 ? -1 : heapKb / 1024),
          threads,
          fds,
          fds / (double) n,
          perServer,
          toServers,
          total - toServers,
          queuePeak);
      System.out.println("Java threads by name (# = digits), largest groups first:");
      groups.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(15)
          .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
      long tooMany = child.logText().lines().filter(l -> l.contains("Too many open files")).count();
      if (tooMany > 0) {
        System.out.printf("log lines with 'Too many open files': %d%n", tooMany);
      }
      return new FleetRow(
          n,
          ready.label,
          ready.types,
          rssKb / 1024,
          rssPeakKb / 1024,
          (heapKb < 0 ? -1 : heapKb / 1024),
          threads,
          fds,
          String.join(" / ", perServer),
          queuePeak);
    }
  }

  /** How the wait for readiness ended: seconds (or why not), and types per cluster seen. */
  private record Ready(String label, long types) {}

  private static Ready awaitReady(ChildAggregator child, int n, long start) throws Exception {
    long deadline = start + TimeUnit.MINUTES.toNanos(Long.getLong("bench.fleetMinutes", 10));
    long nextReport = 0;
    Map<String, Integer> states = Map.of();
    long types = 0;
    while (System.nanoTime() < deadline) {
      if (!child.alive()) {
        System.out.printf("the aggregator exited; cluster states last seen: %s%n", states);
        return new Ready("died", types);
      }
      JsonArray clusters;
      try {
        clusters = child.api().items("/api/v1/clusters");
      } catch (RuntimeException e) {
        System.out.printf("  /api/v1/clusters failed: %s%n", e.getMessage());
        clusters = new JsonArray();
      }
      states = new TreeMap<>();
      long ready = 0;
      long objects = 0;
      for (Object o : clusters) {
        JsonObject c = (JsonObject) o;
        boolean done =
            c.getString("state").equals("watching")
                && c.getLong("resourceTypes") > 0
                && c.getLong("typesSynced").equals(c.getLong("resourceTypes"));
        String key = done ? "ready" : c.getString("state");
        states.merge(key, 1, Integer::sum);
        ready += done ? 1 : 0;
        objects += c.getLong("objects");
        types = Math.max(types, c.getLong("resourceTypes"));
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (ready == n) {
        System.out.printf(
            "all %d clusters ready (every type listed and watched) %.1f s after the JVM started;"
                + " %d types per cluster, %d objects stored%n",
            n, elapsed, types, objects);
        return new Ready(String.format("%.1f", elapsed), types);
      }
      if (System.nanoTime() >= nextReport) {
        System.out.printf(
            "  %5.0f s: %d/%d ready, %d objects stored, states %s%n",
            elapsed, ready, n, objects, states);
        nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      }
      Thread.sleep(1000); // polling interval of a deadline-bounded wait
    }
    System.out.printf("TIMEOUT: not all %d clusters ready; states %s%n", n, states);
    return new Ready("timeout (" + states.getOrDefault("ready", 0) + "/" + n + ")", types);
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
        .collect(Collectors.joining("\n"));
  }
}
