package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Browser;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.TestFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The sinks view in a real headless Chromium against the in-process aggregator, a real cluster and
 * a real receiver started here: a sink whose receiver answers 204 becomes idle with its delivery
 * counted, one pointed at a closed port retries with its last error, one whose receiver refuses
 * with 400 lists its dead letter (linked to the object) and replays it; replay from a seq resends,
 * a malformed one shows the API's error; the view refreshes while shown, stops when left, and
 * explains sinks when none is configured.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinksUiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private final String ns = "sinks-ui-" + System.nanoTime();
  private final Path shots = TestFiles.repoRoot().resolve("web-ui/target/screenshots");

  /** What the receiver got: "path ce-id ce-type ce-subject" per request. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  private Vertx vertx;
  private Aggregator aggregator;
  private KubernetesClient alpha;
  private Browser browser;
  private String base;

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    vertx = Vertx.vertx();
    HttpServer receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onComplete(
                            body -> {
                              received.add(
                                  String.join(
                                      " ",
                                      req.path(),
                                      req.getHeader("ce-id"),
                                      req.getHeader("ce-type"),
                                      req.getHeader("ce-subject")));
                              req.response()
                                  .setStatusCode(req.path().equals("/hook") ? 204 : 400)
                                  .end();
                            }))
            .listen(0, "127.0.0.1")
            .await();
    String to = "http://127.0.0.1:" + receiver.actualPort();
    String filter = "    namespaces: [" + ns + "]\n    kinds: [ConfigMap]\n";
    String sinks =
        "sinks:\n"
            + ("  - name: receiver\n    url: " + to + "/hook\n" + filter)
            + ("  - name: refused\n    url: " + to + "/refuse\n" + filter + "    maxAttempts: 1\n")
            + ("  - name: nowhere\n    url: http://127.0.0.1:1/\n" + filter);
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig()))
                + sinks);
    base = "http://127.0.0.1:" + aggregator.port() + "/";
    Api api = aggregator.api();
    Api.await("clusters ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
    KubeObjects.namespace(alpha, ns);
    browser = new Browser(shots, 1280, 900);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (aggregator != null) {
      aggregator.close();
    }
    if (alpha != null) {
      alpha.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void sinksShowTheirStatesDeadLettersAndReplays() throws Exception {
    consoleErrors(browser);
    browser.open(base);
    browser.view("overview");
    browser.driver().findElement(By.cssSelector("nav a[data-view='sinks']")).click();
    WebElement main = browser.view("sinks");
    assertEquals(3, main.findElements(By.cssSelector("#sinks tbody tr[data-sink]")).size());

    // A change made while the view is shown reaches it with the next refresh (no reload).
    alpha.configMaps().resource(KubeObjects.configMap(ns, "pushed", "v1")).create();
    browser.await(
        "receiver idle with its delivery counted",
        d -> "idle".equals(state(d, "receiver")) && number(d, "receiver", "delivered") >= 1);
    browser.await(
        "nowhere retrying with its last error",
        d ->
            "retrying".equals(state(d, "nowhere"))
                && cell(d, "nowhere", "last-error .error-text") != null
                && !cell(d, "nowhere", "last-error .error-text").isBlank());
    browser.await("refused dead-lettered", d -> number(d, "refused", "dead-lettered") == 1);
    String subject = "api/v1/namespaces/" + ns + "/configmaps/pushed";
    assertTrue(
        received.stream()
            .anyMatch(
                r -> r.startsWith("/hook ") && r.endsWith(" io.allkinds.object.added " + subject)),
        received.toString());
    browser.screenshot("sinks");

    // The refused sink's dead letter, linked to the object's view, and replayed (refused again).
    browser
        .driver()
        .findElement(By.cssSelector("#sinks tr[data-sink='refused'] .dead-lettered a"))
        .click();
    WebElement letter =
        browser.await(
            "the dead letters shown",
            d ->
                d.getCurrentUrl().contains("sink=refused")
                    ? d.findElement(By.cssSelector("#dead-letter-list tr[data-name='pushed']"))
                    : null);
    main = browser.view("sinks");
    assertEquals("ADDED", letter.findElement(By.cssSelector(".t")).getText());
    String href =
        letter.findElement(By.linkText("ConfigMap " + ns + "/pushed")).getAttribute("href");
    assertTrue(href.contains("view=object") && href.contains("apiVersion=v1"), href);
    browser.screenshot("sink-dead-letters");
    int refusedBefore = count("/refuse ");
    main.findElement(By.id("replay-dead-letters")).click();
    browser.await(
        "the replay's answer",
        d ->
            d.findElement(By.id("sink-answer"))
                .getText()
                .startsWith("1 dead letter will be resent"));
    Api.await("resent to the receiver", WAIT, () -> count("/refuse "), n -> n > refusedBefore);
    String pushed = "#dead-letter-list tr[data-name='pushed'] ";
    browser.await(
        "refused again: still listed, attempts counted",
        d ->
            text(d, pushed + ".chip") == null
                && text(d, pushed + ".attempts") != null
                && Integer.parseInt(text(d, pushed + ".attempts")) >= 2);
    browser.driver().findElement(By.linkText("ConfigMap " + ns + "/pushed")).click();
    assertTrue(browser.view("object").findElement(By.id("yaml")).getText().contains("v: v1"));
    assertEquals(List.of(), consoleErrors(browser));

    // Replay from the ConfigMap's journal entry resends it to the receiver.
    long seq =
        aggregator
            .api()
            .changes("kind=ConfigMap&name=pushed&namespace=" + ns)
            .getJsonObject(0)
            .getLong("seq");
    browser.open(base + "?view=sinks&sink=receiver");
    main = browser.view("sinks");
    int hooks = count("/hook " + seq + " ");
    main.findElement(By.id("replay-from")).sendKeys(String.valueOf(seq));
    main.findElement(By.cssSelector("#sink-detail button[type='submit']")).click();
    browser.await(
        "replay from answered",
        d ->
            d.findElement(By.id("sink-answer"))
                .getText()
                .startsWith("Delivery restarts at journal entry " + seq));
    Api.await("delivered again", WAIT, () -> count("/hook " + seq + " "), n -> n > hooks);

    // A malformed instant: the API's 400 in the alert box.
    WebElement from = main.findElement(By.id("replay-from"));
    from.clear();
    from.sendKeys("yesterday");
    main.findElement(By.cssSelector("#sink-detail button[type='submit']")).click();
    WebElement error =
        browser.await(
            "the error shown",
            d -> {
              WebElement e = d.findElement(By.id("error"));
              return e.isDisplayed() ? e : null;
            });
    assertTrue(error.getText().contains("from"), error.getText());
    browser.screenshot("sink-replay-error");
  }

  @Test
  void theViewStopsRefreshingWhenLeftAndExplainsSinksWhenNoneIsConfigured() throws Exception {
    browser.open(base + "?view=sinks");
    browser.view("sinks");
    var js = (JavascriptExecutor) browser.driver();
    // Records the page's API calls; api/v1/sinks answers an empty list once asked to.
    js.executeScript(
        "const real = window.fetch; window.calls = []; window.noSinks = false;"
            + " window.fetch = (url, init) => { const u = String(url); window.calls.push(u);"
            + " return window.noSinks && u.endsWith('api/v1/sinks')"
            + " ? Promise.resolve(new Response('{\"items\":[]}',"
            + " { status: 200, headers: { 'Content-Type': 'application/json' } }))"
            + " : real(url, init); };");
    String sinkCalls = "return window.calls.filter((u) => u.endsWith('api/v1/sinks')).length";
    browser.await("a refresh", d -> (Long) js.executeScript(sinkCalls) > 0);
    browser.driver().findElement(By.cssSelector("nav a[data-view='overview']")).click();
    browser.view("overview");
    long left = (Long) js.executeScript(sinkCalls);
    String clusterCalls = "return window.calls.filter((u) => u.includes('api/v1/clusters')).length";
    long overview = (Long) js.executeScript(clusterCalls);
    // Two overview refreshes (5 s apart) span more than one sinks refresh period.
    browser.await(
        "two overview refreshes", d -> (Long) js.executeScript(clusterCalls) >= overview + 2);
    assertEquals(left, js.executeScript(sinkCalls), "no sinks refresh after the view was left");

    js.executeScript("window.noSinks = true;");
    browser.driver().findElement(By.cssSelector("nav a[data-view='sinks']")).click();
    WebElement main = browser.view("sinks");
    String example = main.findElement(By.cssSelector("#sinks-empty pre")).getText();
    assertTrue(example.startsWith("sinks:") && example.contains("url:"), example);
    assertTrue(main.findElements(By.id("sinks")).isEmpty());
    browser.screenshot("sinks-empty");
  }

  private int count(String prefix) {
    return (int) received.stream().filter(r -> r.startsWith(prefix)).count();
  }

  /**
   * The text of the first element {@code css} selects, read in one script (a refresh that replaces
   * the table between two WebDriver calls cannot make it stale); null when there is none.
   */
  private static String text(WebDriver d, String css) {
    return (String)
        ((JavascriptExecutor) d)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                css);
  }

  private static String state(WebDriver d, String sink) {
    return text(d, "#sinks tr[data-sink='" + sink + "'] .badge");
  }

  private static String cell(WebDriver d, String sink, String css) {
    return text(d, "#sinks tr[data-sink='" + sink + "'] ." + css);
  }

  private static long number(WebDriver d, String sink, String column) {
    String text = cell(d, sink, column);
    String digits = text == null ? "" : text.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }

  /** The SEVERE entries of the browser's console since the last call. */
  private static List<String> consoleErrors(Browser b) {
    return b.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }
}
