package io.allkinds.bench;

import io.allkinds.testing.Api;
import io.allkinds.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Initial-sync benchmark against a real API server: N ConfigMaps of about 1 KB in 10 namespaces,
 * synced by an aggregator in its own JVM as {@code bench.clusters} clusters (the same server under
 * several names, so the store holds N times that many objects). Prints the API server's paged LIST
 * time (the floor), the time until every object is in the store, their ratio, peak heap, heap after
 * a full GC, peak RSS and the H2 file size, on H2 also the file's size after its first compaction
 * then the latency from a change through the API server to the live feed at {@code bench.feedRate}
 * changes/s (default 200) for {@code bench.feedSeconds} (default 30; see {@link FeedLatency}); and,
 * on H2, what takes the space in the file ({@link H2Breakdown}). {@code bench.h2} appends settings
 * to the H2 URL (e.g. {@code ;COMPRESS=TRUE}), {@code bench.keepSyncedFile} keeps a copy of the
 * file as the sync left it. Run: {@code mvn -pl aggregator test -Dtest=SyncBenchmark
 * -Dbench.objects=100000 -Dbench.clusters=3}.
 */
@EnabledIfSystemProperty(
    named = "bench.objects",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.objects=N (see its Javadoc)")
class SyncBenchmark {

  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");
  private static final Pattern GC_UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
  private static final Pattern GC_PAUSE_MS = Pattern.compile("(\\d+\\.\\d+)ms$");

  @TempDir Path tmp;

  @Test
  void initialSync() throws Exception {
    int objects = Integer.getInteger("bench.objects");
    int clusters = Integer.getInteger("bench.clusters", 1);
    try (KubeCluster server = KubeCluster.start("bench", true);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.adminKubeconfig().toFile()))
                .build()) {
      long t0 = System.nanoTime();
      BenchConfigMaps.create(client, objects);
      double createS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "created %d ConfigMaps in %.1f s (%.0f/s)%n", objects, createS, objects / createS);
      CpuUse serverBeforeList = CpuUse.processes(server.pids());
      CpuUse clientBeforeList = CpuUse.threadsOf(ProcessHandle.current().pid());
      double listS = medianListSeconds(client);
      double serverPerList = CpuUse.processes(server.pids()).since(serverBeforeList).total() / 3;
      double clientPerList =
          CpuUse.threadsOf(ProcessHandle.current().pid()).since(clientBeforeList).total() / 3;

      StringBuilder yaml = new StringBuilder("clusters:\n");
      for (int i = 0; i < clusters; i++) {
        yaml.append("  - {name: c")
            .append(i)
            .append(", kubeconfig: ")
            .append(server.adminKubeconfig())
            .append("}\n");
      }
      String url =
          System.getProperty(
              "bench.url",
              "jdbc:h2:file:" + tmp.resolve("db/allkinds") + System.getProperty("bench.h2", ""));
      yaml.append("store: {url: '").append(url).append("'");
      if (System.getProperty("bench.user") != null) {
        yaml.append(", user: '")
            .append(System.getProperty("bench.user"))
            .append("', password: '")
            .append(System.getProperty("bench.password"))
            .append("'");
      }
      yaml.append("}\n");
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(config, yaml);
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path gcLog = tmp.resolve("gc.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      CpuUse serverBeforeSync = CpuUse.processes(server.pids());
      long start = System.nanoTime();
      String xmx = System.getProperty("bench.xmx", "256m");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog));
      String extra = System.getProperty("bench.jvmArgs", "");
      if (!extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              "io.allkinds.app.Main",
              "--config",
              config.toString(),
              "--port",
              String.valueOf(port)));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Path.of("target", "bench-aggregator.log").toFile())
              .start();
      try {
        Api api = new Api(port);
        long expected = (long) objects * clusters;
        Api.await(
            "all ConfigMaps stored",
            Duration.ofMinutes(30),
            () -> BenchConfigMaps.stored(api),
            n -> n >= expected);
        double syncS = (System.nanoTime() - start) / 1e9;
        CpuUse aggregatorCpu = CpuUse.threadsOf(p.pid());
        CpuUse serverCpu = CpuUse.processes(server.pids()).since(serverBeforeSync);
        long rssPeakKb = rssPeakKb(p.pid());
        new ProcessBuilder("jcmd", String.valueOf(p.pid()), "GC.run")
            .start()
            .waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(500); // let the GC log line reach the file; a figure, not a synchronisation
        long[] heap = heapFromGcLog(gcLog);
        String histogram = histogram(p.pid(), 15);
        long dbBytes = 0;
        if (Files.isDirectory(tmp.resolve("db"))) {
          try (Stream<Path> files = Files.list(tmp.resolve("db"))) {
            dbBytes = files.mapToLong(f -> f.toFile().length()).sum();
          }
        }
        System.out.printf(
            "%n=== sync benchmark: %d objects x %d clusters = %d in the store ===%n",
            objects, clusters, expected);
        System.out.printf("API server paged LIST of all (limit 500, median of 3): %.2f s%n", listS);
        System.out.printf(
            "aggregator start to every object in the store (JVM start included): %.2f s%n", syncS);
        System.out.printf("ratio sync / (LIST x clusters): %.2f%n", syncS / (listS * clusters));
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
            "CPU: one LIST cost the API server and etcd %.1f cpu-s and the benchmark's client %.1f;"
                + " the sync (%d cores x %.1f s = %.0f cpu-s to share) cost the API server and etcd"
                + " %s, and the aggregator %s%n",
            serverPerList,
            clientPerList,
            cores,
            syncS,
            cores * syncS,
            serverCpu.describe(2),
            aggregatorCpu.describe(8));
        System.out.printf("max heap (-Xmx): %s%n", xmx);
        System.out.printf(
            "heap peak (GC log): %d MB; heap after full GC: %d MB; peak RSS: %d MB%n",
            heap[0], heap[1], rssPeakKb / 1024);
        System.out.printf("largest classes on the heap after the full GC:%n%s", histogram);
        if (url.startsWith("jdbc:postgresql:")) {
          try (var c =
                  DriverManager.getConnection(
                      url, System.getProperty("bench.user"), System.getProperty("bench.password"));
              var st = c.createStatement();
              var rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            System.out.printf("PostgreSQL database: %.1f MB%n", rs.getLong(1) / 1e6);
          }
        } else {
          System.out.printf(
              "H2 files right after the sync: %.1f MB = %.2f KB/object (load average %s)%n",
              dbBytes / 1e6, dbBytes / 1024.0 / expected, loadAverage());
          afterCompaction(api, tmp.resolve("db/allkinds.mv.db"), expected);
        }
        int feedRate = Integer.getInteger("bench.feedRate", 200);
        if (feedRate > 0) {
          Duration feedLength = Duration.ofSeconds(Long.getLong("bench.feedSeconds", 30));
          // Right after the sync the q= indexer and the compaction still work through it; then
          // again, settled.
          double from = (System.nanoTime() - start) / 1e9;
          System.out.println(
              "right after the sync: "
                  + FeedLatency.measure(client, port, "feed-1", feedRate, feedLength).describe());
          double mid = (System.nanoTime() - start) / 1e9;
          System.out.println("  " + gcPauses(gcLog, from, mid));
          System.out.println(
              "settled: "
                  + FeedLatency.measure(client, port, "feed-2", feedRate, feedLength).describe());
          System.out.println("  " + gcPauses(gcLog, mid, (System.nanoTime() - start) / 1e9));
        }
        if (!url.startsWith("jdbc:postgresql:")) {
          breakdown(tmp.resolve("db/allkinds.mv.db"), expected);
        }
      } finally {
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Follows the periodic compactions of the H2 file (a check runs a minute after start and every
   * minute, as does the first retention pass) until one shrinks it by a hundredth or more, or
   * {@code bench.compactionWaitMinutes} (default 6) have passed, printing the file's size after
   * each.
   */
  private void afterCompaction(Api api, Path file, long objects) throws Exception {
    String keep = System.getProperty("bench.keepSyncedFile");
    if (keep != null) {
      // A copy of the file as the sync left it, to try compactions on.
      Files.copy(file, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    long deadline =
        System.nanoTime()
            + Duration.ofMinutes(Long.getLong("bench.compactionWaitMinutes", 6)).toNanos();
    long t0 = System.nanoTime();
    long seen = 0;
    long last = Files.size(file);
    while (System.nanoTime() < deadline) {
      long after = seen;
      try {
        seen =
            Api.await(
                "the next compaction of the H2 file",
                Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
                () -> (long) BenchMetrics.value(api, "allkinds_store_compactions_total"),
                n -> n > after);
      } catch (AssertionError e) {
        System.out.printf("no further compaction: %s%n", e.getMessage());
        break;
      }
      long bytes = Files.size(file);
      System.out.printf(
          "H2 file after compaction %d (%.0f s after the sync): %.1f MB = %.2f KB/object"
              + " (load average %s)%n",
          seen,
          (System.nanoTime() - t0) / 1e9,
          bytes / 1e6,
          bytes / 1024.0 / objects,
          loadAverage());
      if (bytes < last - last / 100) {
        break; // this one gave space back: the next check finds the file mostly live
      }
      last = bytes;
    }
  }

  /**
   * What takes the space in a copy of the H2 file. Taken after the feed runs: writing the copy
   * leaves hundreds of MB for the kernel to flush, which the aggregator's next durable commit would
   * wait for.
   */
  private void breakdown(Path file, long objects) throws Exception {
    // The writer is idle once every object is stored, but a compaction or the q= indexer may still
    // write: a copy taken meanwhile can miss a chunk, so a few tries.
    for (int attempt = 1; ; attempt++) {
      Path copy = tmp.resolve("copy" + attempt + "/allkinds.mv.db");
      Files.createDirectories(copy.getParent());
      Files.copy(file, copy);
      try {
        H2Breakdown.print(copy, objects);
        return;
      } catch (org.h2.mvstore.MVStoreException | java.sql.SQLException e) {
        if (attempt == 3) {
          System.out.printf("no consistent copy of the file for the breakdown: %s%n", e);
          return;
        }
      }
    }
  }

  private static String loadAverage() throws IOException {
    return String.join(
        " ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
  }

  private static double medianListSeconds(KubernetesClient client) {
    List<Double> runs = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      String cont = null;
      do {
        ConfigMapList page =
            client
                .configMaps()
                .inAnyNamespace()
                .list(new ListOptionsBuilder().withLimit(500L).withContinue(cont).build());
        cont = page.getMetadata().getContinue();
      } while (cont != null && !cont.isEmpty());
      runs.add((System.nanoTime() - t0) / 1e9);
    }
    runs.sort(null);
    return runs.get(1);
  }

  /** The first {@code rows} lines of the process's class histogram (live objects only). */
  private static String histogram(long pid, int rows) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    List<String> lines;
    try (var out = jcmd.getInputStream()) {
      lines =
          new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
    jcmd.waitFor(60, TimeUnit.SECONDS);
    StringBuilder top = new StringBuilder();
    lines.stream().limit(rows + 3L).forEach(l -> top.append("  ").append(l).append('\n'));
    return top.toString();
  }

  private static long rssPeakKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /** [peak heap before any GC, heap after the last (full) GC], in MB. */
  /**
   * The aggregator's GC pauses between two times (seconds since it was started; its log stamps
   * uptime, which starts a little later, so a pause at the very edge may be counted once more).
   */
  private static String gcPauses(Path gcLog, double from, double to) throws IOException {
    int count = 0;
    double longest = 0;
    double total = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher at = GC_UPTIME.matcher(line);
      Matcher ms = GC_PAUSE_MS.matcher(line);
      if (line.contains("Pause") && at.find() && ms.find()) {
        double t = Double.parseDouble(at.group(1));
        if (t >= from && t <= to) {
          double pause = Double.parseDouble(ms.group(1));
          count++;
          total += pause;
          longest = Math.max(longest, pause);
        }
      }
    }
    return String.format(
        "GC meanwhile: %d pauses, longest %.0f ms, %.0f ms in all", count, longest, total);
  }

  private static long[] heapFromGcLog(Path gcLog) throws IOException {
    long peak = 0;
    long last = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
        last = Long.parseLong(m.group(2));
      }
    }
    return new long[] {peak, last};
  }
}
