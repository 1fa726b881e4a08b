package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Browser;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The web UI in a real headless Chromium against the running aggregator and real clusters:
 * overview, matrix, filtered inventory, object with history diff (paged past 1,000 changes), live
 * feed, refresh errors, views left while loading, and page loads with a clean console. Screenshots
 * of each view go to web-ui/target/screenshots/.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private Aggregator aggregator;
  private KubernetesClient alpha;
  private Browser browser;
  private String base;
  private final String ns = "ui-" + System.nanoTime();
  private final Path shots = TestFiles.repoRoot().resolve("web-ui/target/screenshots");

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(
                tmp,
                Configs.cluster("alpha", clusters.alpha().adminKubeconfig())
                    + Configs.cluster("beta", clusters.beta().adminKubeconfig())));
    base = "http://127.0.0.1:" + aggregator.port() + "/";
    Api api = aggregator.api();
    // Changes made after the first sync are journaled one by one (a list would see only the last
    // state).
    Api.await("clusters ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
    KubeObjects.namespace(alpha, ns);
    for (int i = 0; i < 3; i++) {
      alpha
          .configMaps()
          .resource(
              configMap(
                  "settings-" + i, Map.of("app", "shop", "tier", i == 0 ? "web" : "db"), "v1"))
          .create();
    }
    // Stored before it changes, so the two versions are journaled at distinct store times.
    Api.await(
        "first version stored",
        WAIT,
        () -> api.changes("kind=ConfigMap&name=settings-0&namespace=" + ns),
        a -> a.size() == 1);
    alpha
        .configMaps()
        .resource(configMap("settings-0", Map.of("app", "shop", "tier", "web"), "v2"))
        .update();
    Api.await(
        "fixture stored",
        WAIT,
        () -> api.items("/api/v1/objects?kind=ConfigMap&namespace=" + ns + "&q=settings-0"),
        a ->
            a.size() == 1
                && a.getJsonObject(0).getString("resourceVersion") != null
                && api.changes("kind=ConfigMap&name=settings-0&namespace=" + ns).size() == 2);
    browser = new Browser(shots, 1280, 800);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    aggregator.close();
    alpha.close();
  }

  private ConfigMap configMap(String name, Map<String, String> labels, String value) {
    ConfigMap cm = KubeObjects.configMap(ns, name, value);
    cm.getMetadata().setLabels(labels);
    return cm;
  }

  @Test
  void fleetMatrixInventoryObjectHistoryAndLiveFeed() throws Exception {
    consoleErrors(browser); // what other tests logged (some ask for errors on purpose)
    // Fleet overview.
    browser.open(base);
    WebElement main = browser.view("overview");
    assertTrue(
        main.findElement(By.cssSelector("tr[data-cluster='alpha'] .state"))
            .getText()
            .equals("watching"));
    assertTrue(main.findElement(By.cssSelector("tr[data-cluster='beta']")).isDisplayed());
    browser.screenshot("overview");

    // Kinds x clusters: a click opens the inventory filtered to that kind and cluster.
    browser.driver().findElement(By.cssSelector("nav a[data-view='matrix']")).click();
    main = browser.view("matrix");
    WebElement cell =
        main.findElement(By.cssSelector("tr[data-kind='ConfigMap'] a[aria-label*='in alpha']"));
    browser.screenshot("matrix");
    cell.click();
    main = browser.view("inventory");
    String url = browser.driver().getCurrentUrl();
    assertTrue(url.contains("kind=ConfigMap") && url.contains("cluster=alpha"), url);

    // Inventory filters, applied from the form; the URL carries them.
    WebElement namespace = main.findElement(By.name("namespace"));
    namespace.sendKeys(ns);
    main.findElement(By.name("labelSelector")).sendKeys("tier=db");
    main.findElement(By.name("labelSelector")).sendKeys(Keys.ENTER);
    main =
        browser.await(
            "filtered inventory",
            d -> {
              WebElement m = browser.view("inventory");
              return d.getCurrentUrl().contains("labelSelector=tier%3Ddb")
                      && m.findElements(By.cssSelector("#objects tbody tr")).size() == 2
                  ? m
                  : null;
            });
    List<String> names =
        main.findElements(By.cssSelector("#objects tbody tr")).stream()
            .map(r -> r.getAttribute("data-name"))
            .sorted()
            .toList();
    assertEquals(List.of("settings-1", "settings-2"), names);
    browser.screenshot("inventory");

    // Back restores the unfiltered view of the same kind and cluster.
    browser.driver().navigate().back();
    browser.view("inventory");
    assertFalse(browser.driver().getCurrentUrl().contains("labelSelector"));
    browser.driver().navigate().forward();
    browser.view("inventory");

    // Object view with YAML and the history diff.
    browser.open(base + "?view=inventory&kind=ConfigMap&namespace=" + ns + "&q=settings-0");
    main = browser.view("inventory");
    main.findElement(By.linkText("settings-0")).click();
    main = browser.view("object");
    assertTrue(
        main.findElement(By.id("yaml")).getText().contains("v: v2"),
        main.findElement(By.id("yaml")).getText());
    List<WebElement> changes = main.findElements(By.cssSelector("#history > li"));
    assertEquals(2, changes.size(), "ADDED and MODIFIED");
    List<String> removed =
        changes.get(0).findElements(By.cssSelector(".op-replace-old")).stream()
            .map(WebElement::getText)
            .toList();
    List<String> added =
        changes.get(0).findElements(By.cssSelector(".op-replace-new")).stream()
            .map(WebElement::getText)
            .toList();
    assertTrue(
        removed.contains("- /data/v: \"v1\"") && added.contains("+ /data/v: \"v2\""),
        removed + " " + added);
    assertEquals(
        "/data",
        changes.get(0).findElement(By.cssSelector(".changed-paths")).getText(),
        "the change names the path it touched");
    assertFalse(
        changes.get(0).getText().contains("/metadata/resourceVersion"),
        "bookkeeping is left out of the patch by default");
    main.findElement(By.id("history-bookkeeping")).click();
    browser.await(
        "the patch with bookkeeping",
        d ->
            browser
                    .view("object")
                    .findElements(By.cssSelector("#history > li"))
                    .get(0)
                    .getText()
                    .contains("/metadata/resourceVersion")
                ? true
                : null);
    main = browser.view("object");
    changes = main.findElements(By.cssSelector("#history > li"));
    browser.screenshot("object-history");

    // The object as it was: the older version from its history entry.
    changes.get(1).findElement(By.linkText("view this version")).click();
    browser.await(
        "the first version shown",
        d -> {
          WebElement m = browser.view("object");
          return d.getCurrentUrl().contains("asOf=")
                  && m.findElement(By.id("yaml")).getText().contains("v: v1")
              ? m
              : null;
        });
    browser.screenshot("object-as-of");

    // Live feed: a change made in a cluster appears; paused, it waits.
    browser.driver().findElement(By.cssSelector("nav a[data-view='live']")).click();
    browser.view("live");
    browser.await(
        "stream connected", d -> "Live".equals(d.findElement(By.id("live-status")).getText()));
    alpha.configMaps().resource(configMap("live-1", Map.of(), "x")).create();
    browser.await(
        "live-1 in the feed",
        d -> !d.findElements(By.cssSelector("#feed tr[data-name='live-1']")).isEmpty());
    browser.screenshot("live");
    browser.driver().findElement(By.id("pause")).click();
    alpha.configMaps().resource(configMap("live-2", Map.of(), "x")).create();
    browser.await(
        "held while paused",
        d -> d.findElement(By.id("live-status")).getText().startsWith("Paused (1 new)"));
    assertTrue(
        browser.driver().findElements(By.cssSelector("#feed tr[data-name='live-2']")).isEmpty());
    browser.driver().findElement(By.id("pause")).click();
    browser.await(
        "shown on resume",
        d -> !d.findElements(By.cssSelector("#feed tr[data-name='live-2']")).isEmpty());

    // None of these views logged an error to the console.
    assertEquals(List.of(), consoleErrors(browser));
  }

  @Test
  void pagesLoadWithoutConsoleErrors() throws Exception {
    Api.Response icon = aggregator.api().get("/favicon.svg");
    assertEquals(200, icon.status());
    assertTrue(icon.body().startsWith("<svg"), icon.body());
    // A fresh browser: Chromium asks for a site's favicon once per session, and logs a 404 for it.
    try (Browser fresh = new Browser(shots, 1280, 800)) {
      fresh.open(base);
      fresh.view("overview");
      for (String view : List.of("matrix", "inventory", "live", "sinks")) {
        fresh.driver().findElement(By.cssSelector("nav a[data-view='" + view + "']")).click();
        fresh.view(view);
      }
      fresh.open(
          base
              + "?view=object&cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
              + ns
              + "&name=settings-0");
      fresh.view("object");
      assertEquals(List.of(), consoleErrors(fresh));
    }
  }

  @Test
  void aLongHistoryShowsItsFirstPageAndLoadsTheNewerOnes() throws Exception {
    // One more change than the UI's history page (1,000), and the page after holds newer ones.
    int updates = 1050;
    alpha.configMaps().resource(configMap("busy", Map.of(), "0")).create();
    for (int i = 1; i <= updates; i++) {
      alpha.configMaps().resource(configMap("busy", Map.of(), String.valueOf(i))).update();
    }
    Api api = aggregator.api();
    Api.await(
        "every change journaled",
        WAIT,
        () -> api.changes("kind=ConfigMap&name=busy&namespace=" + ns).size(),
        n -> n == updates + 1);
    browser.open(
        base
            + "?view=object&cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
            + ns
            + "&name=busy");
    WebElement main = browser.view("object");
    assertEquals(1000, main.findElements(By.cssSelector("#history > li")).size());
    WebElement more = main.findElement(By.id("history-more"));
    assertTrue(more.isDisplayed(), "the UI says that newer changes exist");
    assertTrue(
        main.findElement(By.xpath("//h2[starts-with(., 'History')]"))
            .getText()
            .contains("oldest 1000"));
    browser.screenshot("object-long-history");

    main.findElement(By.id("history-newer")).click();
    browser.await(
        "the newer page shown",
        d -> d.findElements(By.cssSelector("#history > li")).size() == updates + 1);
    assertFalse(more.isDisplayed(), "no more pages");
    List<WebElement> entries = main.findElements(By.cssSelector("#history > li"));
    assertTrue(
        replaced(entries.get(0)).contains("+ /data/v: \"" + updates + "\""),
        "the newest change on top");
    // The oldest change of the second page shows its patch against the last of the first page.
    WebElement boundary = entries.get(updates + 1 - 1000 - 1);
    assertTrue(
        replaced(boundary).containsAll(List.of("- /data/v: \"999\"", "+ /data/v: \"1000\"")),
        replaced(boundary).toString());
  }

  @Test
  void theOverviewShowsAFailedRefreshAndKeepsRefreshing() {
    browser.open(base);
    WebElement main = browser.view("overview");
    var js = (org.openqa.selenium.JavascriptExecutor) browser.driver();
    // The API answers 503 to this page (the server itself stays up for the other tests).
    js.executeScript(
        "window.realFetch = window.fetch;"
            + " window.fetch = () => Promise.resolve(new Response("
            + "JSON.stringify({ message: 'the store is busy' }),"
            + " { status: 503, headers: { 'Content-Type': 'application/json' } }));");
    browser.await(
        "refresh error shown",
        d -> {
          WebElement e = d.findElement(By.id("error"));
          return e.isDisplayed() && e.getText().equals("the store is busy");
        });
    assertTrue(main.findElement(By.cssSelector("tr[data-cluster='alpha']")).isDisplayed());
    js.executeScript("window.fetch = window.realFetch;");
    browser.await(
        "error gone with the next refresh", d -> !d.findElement(By.id("error")).isDisplayed());
    assertTrue(main.findElement(By.cssSelector("tr[data-cluster='alpha']")).isDisplayed());
  }

  @Test
  void aViewTheUserLeftWhileItLoadedStaysGone() {
    browser.open(base);
    browser.view("overview");
    var js = (org.openqa.selenium.JavascriptExecutor) browser.driver();
    // Records the page's API calls and holds the live feed's first answer until released.
    js.executeScript(
        "const real = window.fetch; window.calls = [];"
            + " const gate = new Promise((r) => { window.release = r; });"
            + " window.fetch = (url, init) => { const u = String(url); window.calls.push(u);"
            + " return u.includes('api/v1/changes') ? gate.then(() => real(url, init))"
            + " : real(url, init); };");
    browser.driver().findElement(By.cssSelector("nav a[data-view='live']")).click();
    browser.await(
        "live feed loading",
        d -> "live".equals(d.findElement(By.id("main")).getAttribute("data-view")));
    browser.driver().findElement(By.cssSelector("nav a[data-view='overview']")).click();
    browser.view("overview");
    String clusterCalls = "return window.calls.filter((u) => u.includes('api/v1/clusters')).length";
    long before = (Long) js.executeScript(clusterCalls);
    js.executeScript("window.release()");
    // The overview's next refresh comes after the released answer has been handled.
    browser.await("the next refresh", d -> (Long) js.executeScript(clusterCalls) > before);
    assertEquals("overview", browser.driver().findElement(By.id("main")).getAttribute("data-view"));
    assertEquals(
        0L,
        js.executeScript("return window.calls.filter((u) => u.includes('api/v1/watch')).length"),
        "the left live feed opened no stream");
  }

  private static List<String> replaced(WebElement entry) {
    return entry.findElements(By.cssSelector(".op-replace-old, .op-replace-new")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The SEVERE entries of the browser's console since the last call. */
  private static List<String> consoleErrors(Browser b) {
    return b.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  @Test
  void aGuardedServerAsksForItsTokenOnce(SharedClusters.Clusters clusters) throws Exception {
    String token = "ui-token-0123456789abcdef";
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("guarded"));
    try (Aggregator guarded =
            Aggregator.start(
                dir,
                Configs.config(dir, Configs.cluster("alpha", clusters.alpha().adminKubeconfig()))
                    .replace(
                        "http:\n  port: 0", "http:\n  port: 0\n  tokens: [\"" + token + "\"]"));
        Browser guest = new Browser(shots, 1280, 800)) {
      guest.open("http://127.0.0.1:" + guarded.port() + "/");
      guest
          .await("token prompt", org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent())
          .sendKeys(token);
      guest.driver().switchTo().alert().accept();
      WebElement m = guest.view("overview");
      assertTrue(m.findElement(By.cssSelector("tr[data-cluster='alpha']")).isDisplayed());
      // The live feed sends the token in its Authorization header (the server takes it nowhere
      // else).
      guest.driver().findElement(By.cssSelector("nav a[data-view='live']")).click();
      guest.view("live");
      guest.await(
          "guarded stream connected",
          d -> "Live".equals(d.findElement(By.id("live-status")).getText()));
      alpha.configMaps().resource(configMap("guarded-live", Map.of(), "x")).create();
      guest.await(
          "a change in the guarded feed",
          d -> !d.findElements(By.cssSelector("#feed tr[data-name='guarded-live']")).isEmpty());
    }
  }

  @Test
  void errorsShowTheApiMessageAndNarrowWindowsStayReadable() throws Exception {
    browser.open(
        base
            + "?view=inventory&labelSelector="
            + java.net.URLEncoder.encode("tier in web", "UTF-8"));
    WebElement error =
        browser.await(
            "error shown",
            d -> {
              WebElement e = d.findElement(By.id("error"));
              return e.isDisplayed() ? e : null;
            });
    assertTrue(error.getText().contains("labelSelector"), error.getText());
    browser.open(
        base
            + "?view=object&cluster=alpha&apiVersion=v1&kind=ConfigMap&namespace="
            + ns
            + "&name=nope");
    browser.await(
        "404 shown",
        d -> {
          WebElement e = d.findElement(By.id("error"));
          return e.isDisplayed() && e.getText().contains("no ConfigMap") ? e : null;
        });
    browser.screenshot("error");
    try (Browser narrow = new Browser(shots, 420, 800)) {
      narrow.open(base + "?view=inventory&namespace=" + ns);
      WebElement m = narrow.view("inventory");
      var js = (org.openqa.selenium.JavascriptExecutor) narrow.driver();
      long pageWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
      long viewport = (Long) js.executeScript("return window.innerWidth");
      assertTrue(
          viewport < 700 && pageWidth <= viewport,
          "no page-wide horizontal scroll on a narrow window: " + pageWidth + " > " + viewport);
      assertTrue(m.findElement(By.name("q")).isDisplayed());
      narrow.screenshot("inventory-narrow");
    }
    // Keyboard: the skip link and the navigation are reachable with Tab.
    browser.open(base);
    browser.view("overview");
    browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertEquals("Skip to content", browser.driver().switchTo().activeElement().getText());
  }
}
