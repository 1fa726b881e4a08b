package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.Browser;
import io.allkinds.testing.TestBinaries;
import io.allkinds.testing.TestFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The one-command demo ({@code deploy/run.sh --demo}) as a newcomer starts it: within its first
 * minute the API shows at least two clusters, Pods made by the controller manager and a journal
 * with MODIFIED entries, and the UI's live feed shows a change as it happens. The README's
 * screenshots are taken here, so they show the current UI: into target/ on every run, and into
 * docs/screenshots/ when {@code ALLKINDS_UPDATE_SCREENSHOTS=1} (a test run does not rewrite tracked
 * files unasked). Stopping the demo with SIGTERM leaves none of the processes it started.
 */
class DemoTest {

  /**
   * "Within its first minute" of data, plus the clusters' start on a 2-core machine that may be
   * busy with other work: a deadline against a hang, not a figure (the demo prints its own times).
   */
  private static final Duration FIRST_DATA = Duration.ofMinutes(3);

  private static final Path SHOTS =
      "1".equals(System.getenv("ALLKINDS_UPDATE_SCREENSHOTS"))
          ? TestFiles.repoRoot().resolve("docs/screenshots")
          : TestFiles.repoRoot().resolve("aggregator/target/screenshots/demo");

  @TempDir Path tmp;

  @Test
  void demoShowsALivingFleetAndLeavesNothingRunning() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(TestBinaries.kubeControllerManager()),
        "kube-controller-manager is not built: run deploy/test-env/install.sh");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "Chromium is not installed: run deploy/test-env/install.sh");
    int port = freePort();
    Path demoDir = tmp.resolve("demo");
    Path log = tmp.resolve("demo.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                TestFiles.repoRoot().resolve("deploy/run.sh").toString(),
                "--demo",
                "--port",
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("ALLKINDS_DEMO_DIR", demoDir.toString());
    env.put("ALLKINDS_DEMO_CHURN_SECONDS", "8");
    // This build's classes, not a jar that run.sh would build in the middle of the Maven run.
    env.put(
        "ALLKINDS_DEMO_COMMAND",
        java + " -XX:+ExitOnOutOfMemoryError -Xmx512m io.allkinds.app.Main");
    env.put("CLASSPATH", System.getProperty("java.class.path"));
    long t0 = System.nanoTime();
    Process demo = pb.start();
    List<Long> pids = new ArrayList<>();
    try {
      Api api = new Api(port);
      Api.await(
          "demo URL printed",
          FIRST_DATA,
          () -> read(log),
          s -> s.contains("AllKinds demo: http://127.0.0.1:" + port) || !demo.isAlive());
      assertTrue(demo.isAlive(), "the demo stopped:\n" + read(log));

      JsonArray clusters =
          Api.await(
              "two clusters watching",
              FIRST_DATA,
              () -> api.items("/api/v1/clusters"),
              a ->
                  a.stream()
                          .filter(c -> "watching".equals(((JsonObject) c).getString("state")))
                          .count()
                      >= 2);
      assertTrue(clusters.size() >= 2, clusters.encode());

      // A Pod of the list may be replaced (the demo's traffic rolls Deployments) before it is read:
      // read the listed Pods until one answers.
      JsonObject podObject =
          Api.await(
              "a Pod of the Deployments, read whole",
              FIRST_DATA,
              () -> {
                JsonArray pods = api.items("/api/v1/objects?kind=Pod&namespace=shop&limit=50");
                for (Object o : pods) {
                  JsonObject pod = (JsonObject) o;
                  var answer =
                      api.get(
                          "/api/v1/object?cluster="
                              + pod.getString("cluster")
                              + "&apiVersion=v1&kind=Pod"
                              + "&namespace=shop&name="
                              + pod.getString("name"));
                  if (answer.status() == 200) {
                    return answer.json();
                  }
                }
                return null;
              },
              p -> p != null);
      assertTrue(
          podObject.encode().contains("\"kind\":\"ReplicaSet\""),
          "a Pod owned by a ReplicaSet the controller manager made: " + podObject.encode());

      JsonArray modified =
          Api.await(
              "MODIFIED entries in the journal",
              FIRST_DATA,
              () -> api.changes("type=MODIFIED&kind=Deployment&limit=1000"),
              a -> !a.isEmpty());
      assertEquals("MODIFIED", modified.getJsonObject(0).getString("type"), modified.encode());
      long firstData = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      System.out.println("[DemoTest] first data " + firstData + " s after start");

      pids.addAll(
          Files.readAllLines(demoDir.resolve("pids")).stream()
              .map(l -> Long.parseLong(l.split(" ", -1)[0]))
              .toList());
      assertTrue(
          pids.size() >= 10, "three clusters of three processes, AllKinds and the churn: " + pids);

      String base = "http://127.0.0.1:" + port + "/";
      try (Browser browser = new Browser(SHOTS, 1000, 680)) {
        browser.open(base);
        WebElement main = browser.view("overview");
        assertTrue(main.findElement(By.cssSelector("tr[data-cluster='prod-eu']")).isDisplayed());
        browser.screenshot("fleet");

        browser.open(base + "?view=inventory&kind=Deployment&namespace=shop");
        browser.await(
            "Deployments listed",
            d ->
                browser.view("inventory").findElements(By.cssSelector("#objects tbody tr")).size()
                        >= 6
                    ? true
                    : null);
        browser.screenshot("inventory");

        // shop/frontend rolls out in prod-eu in the churn's first round: its history has a diff.
        Api.await(
            "a rollout journaled",
            FIRST_DATA,
            () ->
                api.items(
                    "/api/v1/changes?cluster=prod-eu&kind=Deployment"
                        + "&namespace=shop&name=frontend&type=MODIFIED"),
            a -> !a.isEmpty());
        browser.open(
            base
                + "?view=object&cluster=prod-eu&apiVersion=apps/v1&kind=Deployment&namespace=shop&name=frontend");
        browser.await(
            "history with a diff",
            d -> {
              WebElement m = browser.view("object");
              return m.findElements(By.cssSelector("#history > li")).size() >= 2 ? m : null;
            });
        browser.screenshot("object-history");

        browser.open(base + "?view=live");
        browser.view("live");
        browser.await(
            "stream connected", d -> "Live".equals(d.findElement(By.id("live-status")).getText()));
        long before = maxSeq(browser);
        browser.await(
            "a change arriving live in the feed", d -> maxSeq(browser) > before ? true : null);
        browser.screenshot("live");
      }
      for (String shot : List.of("fleet", "inventory", "object-history", "live")) {
        long size = Files.size(SHOTS.resolve(shot + ".png"));
        assertTrue(size < 200_000, shot + ".png is " + size + " bytes");
      }
    } finally {
      demo.destroy(); // SIGTERM, as Ctrl-C's stop would
      boolean exited = demo.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        demo.destroyForcibly();
      }
      System.out.println("[DemoTest] demo log:\n" + read(log));
      assertTrue(exited, "the demo did not stop within 60 s of SIGTERM");
    }
    List<Long> alive =
        pids.stream()
            .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
            .toList();
    assertEquals(List.of(), alive, "processes the demo started and left running");
    assertFalse(Files.exists(demoDir), "the demo's temporary directory is removed");
  }

  /**
   * The newest journal sequence number in the live feed, read in one script (rows re-render as
   * changes arrive).
   */
  private static long maxSeq(Browser browser) {
    Object max =
        ((JavascriptExecutor) browser.driver())
            .executeScript(
                "return Math.max(0, ...Array.from("
                    + "document.querySelectorAll('#feed tr[data-seq]')).map(r => Number(r.dataset.seq)));");
    return ((Number) max).longValue();
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
