package io.allkinds.bench;

import io.allkinds.testing.Api;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.KubeCluster;
import io.allkinds.testing.Kubectl;
import io.allkinds.testing.TestBinaries;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl listing N ConfigMaps of about 1 KB (in 10 namespaces) from a real kube-apiserver
 * and from the aggregator's Kubernetes API over the same objects synced into its store, side by
 * side: each case runs against both, interleaved, one warm-up (whose output is checked) then {@code
 * bench.reps} (default 5) timed runs, output discarded. Prints per case the median and minimum wall
 * time on each side, the ratio aggregator / API server, and the server side's CPU per run (API
 * server + etcd; the aggregator's JVM). The curl rows time one unpaged GET of the same list, which
 * is the server's share without kubectl's decoding and printing. {@code bench.jvmArgs} adds options
 * to the aggregator's JVM. Run: {@code mvn -pl aggregator test -Dtest=KubectlListBenchmark
 * -Dbench.kubectl=10000}.
 */
@EnabledIfSystemProperty(
    named = "bench.kubectl",
    matches = "\\d+",
    disabledReason = "a benchmark: run it with -Dbench.kubectl=N (see its Javadoc)")
class KubectlListBenchmark {

  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,"
          + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  @TempDir Path tmp;

  /** One way of listing, as kubectl or curl arguments. */
  private record Case(String name, boolean curl, List<String> args) {}

  @Test
  void kubectlListSideBySide() throws Exception {
    int objects = Integer.getInteger("bench.kubectl");
    int reps = Integer.getInteger("bench.reps", 5);
    Path kubectl =
        TestBinaries.kubectl()
            .orElseThrow(() -> new IllegalStateException("no kubectl: deploy/test-env/install.sh"));
    try (KubeCluster server = KubeCluster.start("kubectl-bench", true);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.adminKubeconfig().toFile()))
                .build()) {
      long t0 = System.nanoTime();
      BenchConfigMaps.create(client, objects);
      System.out.printf(
          "created %d ConfigMaps in %.1f s%n", objects, (System.nanoTime() - t0) / 1e9);
      int total = client.configMaps().inAnyNamespace().list().getItems().size();
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(
          config,
          "clusters:\n  - {name: c1, kubeconfig: "
              + server.adminKubeconfig()
              + "}\nstore: {url: 'jdbc:h2:file:"
              + tmp.resolve("db/allkinds")
              + "'}\n");
      long s0 = System.nanoTime();
      try (ChildAggregator allkinds =
          ChildAggregator.start(config, tmp.resolve("aggregator.log"), jvmOptions())) {
        Api.await(
            "all " + total + " ConfigMaps stored",
            Duration.ofMinutes(10),
            () -> BenchConfigMaps.stored(allkinds.api()),
            n -> n >= total);
        System.out.printf(
            "the aggregator stored all %d ConfigMaps %.1f s after its start%n",
            total, (System.nanoTime() - s0) / 1e9);
        awaitQuiet(allkinds.pid());
        String root = allkinds.api().base() + "/k8s/clusters/c1";
        Path ownKubeconfig =
            Kubectl.kubeconfig(
                tmp.resolve("kubeconfig-allkinds"), null, List.of("allkinds"), List.of(root));
        Side real =
            new Side(
                "kube-apiserver",
                kubectl,
                server.adminKubeconfig(),
                server.server(),
                server.adminToken(),
                tmp.resolve("home-real"),
                server.pids());
        Side ours =
            new Side(
                "AllKinds",
                kubectl,
                ownKubeconfig,
                root,
                null,
                tmp.resolve("home-allkinds"),
                Map.of("allkinds", allkinds.pid()));
        List<Case> cases =
            List.of(
                new Case("kubectl get cm -A (Table, chunks of 500)", false, List.of()),
                new Case(
                    "kubectl get cm -A --chunk-size=0 (Table)", false, List.of("--chunk-size=0")),
                new Case("kubectl get cm -A -o json (chunks of 500)", false, List.of("-o", "json")),
                new Case(
                    "kubectl get cm -A -o json --chunk-size=0",
                    false,
                    List.of("-o", "json", "--chunk-size=0")),
                new Case("curl GET Table, no limit", true, List.of(TABLE)),
                new Case("curl GET JSON, no limit", true, List.of("application/json")),
                // kubectl accepts gzip, and kube-apiserver compresses answers over 128 KB.
                new Case(
                    "curl GET Table, no limit, gzip accepted",
                    true,
                    List.of(TABLE, "--compressed")),
                new Case(
                    "curl GET JSON, no limit, gzip accepted",
                    true,
                    List.of("application/json", "--compressed")));
        System.out.printf(
            "kubectl %s; kube-apiserver %s (watch cache on); aggregator JVM -Xmx%s, H2%n",
            kubectl, server.pids().keySet(), System.getProperty("bench.xmx", "512m"));
        CpuUse threadsBefore = CpuUse.threadsOf(allkinds.pid());
        List<TimedRuns[]> results = new ArrayList<>();
        for (Case c : cases) {
          results.add(new TimedRuns[] {new TimedRuns(), new TimedRuns()});
          // The warm-up, checked: every ConfigMap is in the output.
          for (Side side : List.of(real, ours)) {
            Path out = tmp.resolve("warm-" + side.home().getFileName() + ".txt");
            TimedRuns.run(side.command(c.curl(), c.args()), side.env(), out, side.err());
            check(c, side, Files.readString(out, StandardCharsets.UTF_8), total);
          }
        }
        for (int r = 0; r < reps; r++) {
          for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            // Alternate which side goes first.
            List<Side> order = r % 2 == 0 ? List.of(real, ours) : List.of(ours, real);
            for (Side side : order) {
              results.get(i)[side.equals(real) ? 0 : 1].timed(
                  side.command(c.curl(), c.args()), side.env(), side.err(), side.cpuPids());
            }
          }
        }
        CpuUse threads = CpuUse.threadsOf(allkinds.pid()).since(threadsBefore);
        print(objects, total, reps, cases, results);
        System.out.println(
            "aggregator CPU over every warm-up and timed run, by thread: " + threads.describe(8));
      }
    }
  }

  /**
   * -Xmx from {@code bench.xmx} (default 512m) and {@code bench.jvmArgs} (a JFR recording, say).
   */
  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + System.getProperty("bench.xmx", "512m"));
    String extra = System.getProperty("bench.jvmArgs", "");
    if (!extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return options;
  }

  private static void print(
      int objects, int total, int reps, List<Case> cases, List<TimedRuns[]> results) {
    System.out.printf(
        "%n=== kubectl list benchmark: %d ConfigMaps (%d in all), %d timed runs per side ===%n",
        objects, total, reps);
    String head = "| %-42s | %12s | %12s | %12s | %12s | %12s | %10s | %12s | %12s |%n";
    System.out.printf(
        head,
        "case",
        "API med s",
        "API min s",
        "AllKinds med",
        "AllKinds min",
        "ratio median",
        "ratio min",
        "API+etcd cpu",
        "AllKinds cpu");
    System.out.printf(head, "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
    for (int i = 0; i < cases.size(); i++) {
      TimedRuns real = results.get(i)[0];
      TimedRuns ours = results.get(i)[1];
      System.out.printf(
          "| %-42s | %12.3f | %12.3f | %12.3f | %12.3f | %12.2f | %10.2f | %12.2f | %12.2f |%n",
          cases.get(i).name(),
          real.median(),
          real.min(),
          ours.median(),
          ours.min(),
          ours.median() / real.median(),
          ours.min() / real.min(),
          real.serverCpuPerRun(),
          ours.serverCpuPerRun());
    }
    System.out.println("(times in seconds of wall clock; cpu in cpu-seconds per run)");
  }

  /** Fails unless the warm-up's output holds every ConfigMap. */
  private static void check(Case c, Side side, String out, int total) {
    long found;
    if (c.curl()) {
      found = count(out, "\"uid\":"); // every item or row has its metadata
    } else if (c.args().contains("json")) {
      found = count(out, "\"kind\": \"ConfigMap\"");
    } else {
      found = out.lines().filter(l -> !l.isBlank()).count() - 1;
    }
    if (found != total) {
      throw new IllegalStateException(
          c.name() + " against " + side.name() + " found " + found + " of " + total);
    }
  }

  private static long count(String text, String what) {
    long n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  /**
   * Waits until the aggregator's JVM uses less than a fifth of a core over a second (the indexer
   * and compaction after a sync done), at most 5 minutes.
   */
  private static void awaitQuiet(long pid) {
    Api.await(
        "the aggregator idle",
        Duration.ofMinutes(5),
        () -> {
          try {
            CpuUse before = CpuUse.processes(Map.of("p", pid));
            Thread.sleep(1000); // the window the CPU use is measured over
            return CpuUse.processes(Map.of("p", pid)).since(before).total();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        cpu -> cpu < 0.2);
  }
}
