package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.StoreFaultBurst;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 store on a small filesystem (a size-limited tmpfs) that fills up in the middle of
 * a burst of changes: ingestion pauses and health says so, nothing is dropped; once space is freed
 * the writer reopens the database by itself, and the store equals the server with every change,
 * deletions included, journaled exactly once.
 */
@ExtendWith(SharedClusters.class)
class H2DiskFullTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path tmp;

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + ": " + out.strip());
    }
    return p.exitValue();
  }

  /** The store's state as {@code /readyz} shows it (in its 200 and 503 answers alike). */
  static String storeState(Api api) {
    JsonObject store = api.get("/readyz").json().getJsonObject("store");
    return store == null ? "absent" : store.getString("state");
  }

  static double metric(Api api, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$")
            .matcher(api.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void aFullDiskPausesIngestionAndFreeingSpaceResumesItWithNothingLost(
      SharedClusters.Clusters shared) throws Exception {
    Path disk = Files.createDirectories(tmp.resolve("small-disk"));
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()) == 0,
        "this test needs to mount a size-limited tmpfs (root, or a container allowed to mount); mount was refused");
    try {
      fillAndFree(shared, disk);
    } finally {
      if (run("umount", disk.toString()) != 0) {
        run("umount", "-l", disk.toString());
      }
    }
  }

  private void fillAndFree(SharedClusters.Clusters shared, Path disk) throws Exception {
    Path config = tmp.resolve("allkinds.yaml");
    Files.writeString(
        config,
        Configs.config(
            Configs.cluster("alpha", shared.alpha().adminKubeconfig()),
            "store:\n  url: jdbc:h2:file:" + disk.resolve("allkinds") + "\n"));
    String ns = "diskfull-" + System.nanoTime();
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig());
        ChildAggregator aggregator = ChildAggregator.start(config, log())) {
      Api api = aggregator.api();
      KubeObjects.namespace(client, ns);
      Api.await(
          "alpha synced", WAIT, () -> ApiStates.clusterState(api, "alpha"), "watching"::equals);
      assertEquals("ok", storeState(api));
      StoreFaultBurst burst = new StoreFaultBurst(client, ns, 60).start();
      Api.await(
          "part of the burst stored",
          WAIT,
          () -> ApiStates.configMapJournal(api, "alpha", ns).size(),
          n -> n >= 30);

      Path filler = disk.resolve("filler");
      long filled = fill(filler);
      int changesAtFault = burst.changes();
      System.out.printf(
          "disk full: filler of %d MB written after %d changes%n", filled >> 20, changesAtFault);
      Api.await("the store reported degraded", WAIT, () -> storeState(api), "degraded"::equals);
      JsonObject store = api.get("/readyz").json().getJsonObject("store");
      System.out.println("store while the disk is full: " + store.encode());
      assertTrue(
          store.getString("reason") != null && store.getString("since") != null, store.encode());
      assertEquals(
          200,
          api.get("/healthz").status(),
          "a paused writer recovers by itself: no restart wanted");
      Api.await(
          "180 more changes made while the disk is full",
          WAIT,
          burst::changes,
          n -> n >= changesAtFault + 180);
      Api.await(
          "the writer retrying while the disk is full",
          WAIT,
          () -> metric(api, "allkinds_store_write_retries_total"),
          n -> n >= 5);
      assertEquals("degraded", storeState(api), "still paused while the disk is full");

      Files.delete(filler);
      long freed = System.nanoTime();
      Api.await("the store takes writes again", WAIT, () -> storeState(api), "ok"::equals);
      long resumedMs = (System.nanoTime() - freed) / 1_000_000;
      Map<String, List<String>> expected = burst.finish();
      Map<String, String> server = KubeObjects.serverState(client, ns);
      Api.await(
          "store equal to the server",
          WAIT,
          () -> ApiStates.configMaps(api, "alpha", ns),
          server::equals);
      long caughtUpMs = (System.nanoTime() - freed) / 1_000_000;
      Map<String, List<String>> journal = StoreFaultBurst.journal(api, "alpha", ns);
      assertEquals(
          expected, journal, "every change journaled exactly once, in order, deletions included");
      int changes = expected.values().stream().mapToInt(List::size).sum();
      System.out.printf(
          "H2 disk full: fault cleared -> ingestion resumed in %d ms, store equal to the server in %d ms;"
              + " %d changes, %d lost, %.0f write retries%n",
          resumedMs, caughtUpMs, changes, 0, metric(api, "allkinds_store_write_retries_total"));
      assertEquals(
          0.0,
          metric(api, "allkinds_store_degraded_changes_total"),
          "a full disk degrades no change");
      assertEquals(0.0, metric(api, "allkinds_store_state"));
      assertEquals(
          "ok", api.get("/api/v1/clusters").json().getJsonObject("store").getString("state"));
    }
  }

  /** The aggregator's log, kept after the test under target/ to read when it fails. */
  private static Path log() throws IOException {
    Path log = Path.of("target", "H2DiskFullTest-aggregator.log");
    Files.deleteIfExists(log);
    return log;
  }

  /** Writes {@code file} until the filesystem has no space left; returns its size. */
  private static long fill(Path file) throws IOException {
    byte[] chunk = new byte[1 << 20];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    // Take the last partial megabyte too.
    try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
      byte[] kb = new byte[1024];
      while (true) {
        out.write(kb);
        out.flush();
        written += kb.length;
      }
    } catch (IOException e) {
      return written;
    }
  }
}
