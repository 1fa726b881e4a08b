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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The drift and compare views in a real headless Chromium against the in-process aggregator
 * watching three clusters (two of them the same real API server under two names, so their copies
 * agree, and another real one whose copy differs): the drift view shows two groups, the larger
 * first, the other with its difference as a patch; its ignore-status toggle and its link to the
 * compare view, which shows the same difference, and the difference of one copy across two
 * instants.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftUiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private final String ns = "drift-ui-" + System.nanoTime();
  private final Path shots = TestFiles.repoRoot().resolve("web-ui/target/screenshots");

  private Aggregator aggregator;
  private KubernetesClient alpha;
  private KubernetesClient beta;
  private Browser browser;
  private String base;
  private String identity;

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    beta = KubeObjects.client(clusters.beta().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp,
            Configs.config(
                tmp,
                Configs.cluster("alpha", clusters.alpha().adminKubeconfig())
                    + Configs.cluster("alpha-twin", clusters.alpha().adminKubeconfig())
                    + Configs.cluster("beta", clusters.beta().adminKubeconfig())));
    base = "http://127.0.0.1:" + aggregator.port() + "/";
    Api api = aggregator.api();
    Api.await("clusters ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
    KubeObjects.namespace(alpha, ns);
    KubeObjects.namespace(beta, ns);
    identity = "apiVersion=v1&kind=ConfigMap&namespace=" + ns + "&name=settings";
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
    for (KubernetesClient c : new KubernetesClient[] {alpha, beta}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void driftShowsTwoGroupsWithTheDifferenceAndLeadsToTheComparison() throws Exception {
    alpha.configMaps().resource(KubeObjects.configMap(ns, "settings", "blue")).create();
    beta.configMaps().resource(KubeObjects.configMap(ns, "settings", "green")).create();
    Api api = aggregator.api();
    Api.await(
        "three copies stored",
        WAIT,
        () -> api.get("/api/v1/drift?" + identity),
        r -> r.status() == 200 && r.json().getInteger("clusters") == 3);

    consoleErrors(browser);
    browser.open(base + "?view=drift&" + identity);
    WebElement main = browser.view("drift");
    List<WebElement> groups = main.findElements(By.cssSelector(".drift-group"));
    assertEquals(2, groups.size(), main.getText());
    assertEquals("2", groups.get(0).getAttribute("data-size"));
    assertEquals(List.of("alpha", "alpha-twin"), clusters(groups.get(0)));
    assertEquals(List.of("beta"), clusters(groups.get(1)));
    String difference = groups.get(1).findElement(By.cssSelector(".diff")).getText();
    assertTrue(difference.contains("/data/v") && difference.contains("\"green\""), difference);
    assertTrue(difference.contains("\"blue\""), "the largest group's value: " + difference);
    assertTrue(groups.get(1).findElement(By.cssSelector(".changed")).getText().contains("/data"));
    String link = groups.get(0).findElement(By.linkText("alpha-twin")).getAttribute("href");
    assertTrue(
        link.contains("view=object") && link.contains("cluster=alpha-twin") && link.contains(ns),
        link);
    browser.screenshot("drift");

    // The toggle asks again with status compared; a ConfigMap has none, so nothing moves.
    WebElement toggle = main.findElement(By.id("ignore-status"));
    assertTrue(toggle.isSelected());
    toggle.click();
    browser.await("status compared", d -> d.getCurrentUrl().contains("ignoreStatus=false"));
    main = browser.view("drift");
    assertFalse(main.findElement(By.id("ignore-status")).isSelected());
    assertEquals(2, main.findElements(By.cssSelector(".drift-group")).size());

    main.findElement(By.cssSelector(".drift-group .compare-link")).click();
    main = browser.view("compare");
    String url = browser.driver().getCurrentUrl();
    assertTrue(url.contains("left=alpha&") && url.contains("right=beta"), url);
    String result = main.findElement(By.id("compare-result")).getText();
    assertTrue(result.contains("/data/v") && result.contains("\"green\""), result);
    browser.screenshot("compare");

    // One copy across two instants: alpha's before and after a change.
    Instant before = Instant.now();
    Api.await(
        "the clock past the instant", WAIT, Instant::now, now -> now.isAfter(before.plusMillis(5)));
    alpha
        .configMaps()
        .inNamespace(ns)
        .withName("settings")
        .edit(
            c -> {
              c.setData(Map.of("v", "red"));
              return c;
            });
    String across = identity + "&left=alpha@" + before + "&right=alpha";
    Api.await(
        "the change stored",
        WAIT,
        () -> api.get("/api/v1/compare?" + across),
        r -> r.status() == 200 && !r.json().getBoolean("identical"));
    browser.open(base + "?view=compare&" + across);
    main = browser.view("compare");
    String change = main.findElement(By.id("compare-result")).getText();
    assertTrue(change.contains("/data/v") && change.contains("\"red\""), change);
    assertTrue(change.contains("\"blue\""), "the old value: " + change);
    Api.await(
        "both names of alpha stored the change",
        WAIT,
        () -> api.get("/api/v1/drift?" + identity),
        // alpha's change is stored (above): three groups until alpha-twin has it too.
        r -> r.status() == 200 && r.json().getJsonArray("groups").size() == 2);
    main.findElement(By.id("drift-link")).click();
    main = browser.view("drift");
    groups = main.findElements(By.cssSelector(".drift-group"));
    assertEquals(2, groups.size(), main.getText());
    assertTrue(groups.get(1).getText().contains("\"red\""), groups.get(1).getText());
    assertEquals(List.of(), consoleErrors(browser));
  }

  private static List<String> clusters(WebElement group) {
    return group.findElements(By.cssSelector(".clusters a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static List<String> consoleErrors(Browser b) {
    return b.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }
}
