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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The "what changed" view in a real headless Chromium against the in-process aggregator and two
 * real clusters: objects changed inside a custom window are listed grouped by kind with how they
 * changed, the timeline draws a band per cluster with a mark per change, and "spec only" leaves out
 * the Deployment whose status alone changed; the live feed takes the same filters.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangesUiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private final String ns = "changes-ui-" + System.nanoTime();
  private final Path shots = TestFiles.repoRoot().resolve("web-ui/target/screenshots");

  private Aggregator aggregator;
  private KubernetesClient alpha;
  private KubernetesClient beta;
  private Browser browser;
  private String base;
  private Instant from;

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
                    + Configs.cluster("beta", clusters.beta().adminKubeconfig())));
    base = "http://127.0.0.1:" + aggregator.port() + "/";
    Api api = aggregator.api();
    Api.await("clusters ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
    KubeObjects.namespace(alpha, ns);
    KubeObjects.namespace(beta, ns);
    // Before the window: two Deployments and a ConfigMap that will be deleted.
    alpha.apps().deployments().inNamespace(ns).resource(deployment("web")).create();
    alpha.apps().deployments().inNamespace(ns).resource(deployment("busy")).create();
    alpha.configMaps().resource(KubeObjects.configMap(ns, "gone", "v1")).create();
    Api.await(
        "the objects before the window stored",
        WAIT,
        () -> api.changes("namespace=" + ns),
        a -> a.size() == 3);
    from = Instant.now();
    // Inside it: a spec change, a status-only change, an addition in beta, a deletion.
    alpha.apps().deployments().inNamespace(ns).withName("web").scale(2);
    Deployment busy = alpha.apps().deployments().inNamespace(ns).withName("busy").get();
    busy.setStatus(
        new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(0).build());
    alpha.apps().deployments().inNamespace(ns).resource(busy).updateStatus();
    beta.configMaps().resource(KubeObjects.configMap(ns, "fresh", "v1")).create();
    alpha.configMaps().inNamespace(ns).withName("gone").delete();
    Api.await(
        "the changes inside the window stored",
        WAIT,
        () -> api.changes("namespace=" + ns),
        a -> a.size() == 7);
    browser = new Browser(shots, 1280, 1000);
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
    if (beta != null) {
      beta.close();
    }
  }

  private Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(name + ":1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void listsTheWindowsChangesByKindDrawsTheTimelineAndHidesStatusOnlyChanges() throws Exception {
    consoleErrors(); // what other tests logged
    browser.open(base);
    browser.view("overview");
    browser.driver().findElement(By.cssSelector("nav a[data-view='changes']")).click();
    WebElement main = browser.view("changes");
    assertTrue(main.findElement(By.id("timeline")).isDisplayed(), "the last hour's timeline");
    assertFalse(main.findElement(By.id("from")).isDisplayed(), "a preset window has no from");

    String window =
        "?view=changes&range=custom&namespace="
            + ns
            + "&from="
            + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8);
    browser.open(base + window);
    main = browser.view("changes");
    assertEquals(
        List.of("ConfigMap", "Deployment"),
        main.findElements(By.cssSelector(".diff-group")).stream()
            .map(g -> g.getAttribute("data-kind"))
            .toList());
    assertEquals("modified", change(main, "web"));
    assertEquals("modified", change(main, "busy"));
    assertEquals("added", change(main, "fresh"));
    assertEquals("deleted", change(main, "gone"));
    assertEquals(
        4, main.findElements(By.cssSelector(".diff-group tbody tr")).size(), "only the window's");
    WebElement busyRow = row(main, "busy");
    assertTrue(busyRow.findElement(By.cssSelector(".paths")).getText().contains("status only"));
    assertTrue(row(main, "web").findElement(By.cssSelector(".paths")).getText().contains("/spec"));
    String href = row(main, "web").findElement(By.linkText("web")).getAttribute("href");
    assertTrue(href.contains("view=object") && href.contains("apiVersion=apps%2Fv1"), href);

    WebElement svg = main.findElement(By.id("timeline"));
    assertEquals(
        List.of("alpha", "beta"),
        svg.findElements(By.cssSelector(".tl-band")).stream()
            .map(b -> b.getAttribute("data-cluster"))
            .toList());
    assertEquals(4, svg.findElements(By.cssSelector(".tl-mark")).size());
    assertEquals(1, svg.findElements(By.cssSelector(".tl-mark.status")).size());
    assertEquals(1, svg.findElements(By.cssSelector(".tl-mark.added")).size());
    assertEquals(1, svg.findElements(By.cssSelector(".tl-mark.deleted")).size());
    browser.screenshot("changes");

    // Spec only: the status-only Deployment and its mark go.
    main.findElement(By.id("spec-only")).click();
    browser.await("spec only applied", d -> d.getCurrentUrl().contains("spec=1"));
    main = browser.view("changes");
    assertTrue(main.findElements(By.cssSelector("tr[data-name='busy']")).isEmpty());
    assertEquals("modified", change(main, "web"));
    assertEquals("deleted", change(main, "gone"));
    svg = main.findElement(By.id("timeline"));
    assertEquals(3, svg.findElements(By.cssSelector(".tl-mark")).size());
    assertTrue(svg.findElements(By.cssSelector(".tl-mark.status")).isEmpty());
    assertTrue(main.findElement(By.id("spec-only")).isSelected());
    browser.screenshot("changes-spec-only");
    assertEquals(List.of(), consoleErrors());

    // The live feed takes the same filters: with spec only, busy's status change is not listed.
    browser.open(base + "?view=live&namespace=" + ns + "&spec=1");
    main = browser.view("live");
    browser.await(
        "the feed's recent changes",
        d -> !d.findElements(By.cssSelector("#feed tr.type-MODIFIED[data-name='web']")).isEmpty());
    assertTrue(
        main.findElements(By.cssSelector("#feed tr.type-MODIFIED[data-name='busy']")).isEmpty());
    assertFalse(main.findElements(By.cssSelector("#feed tr[data-name='busy']")).isEmpty(), "added");
    assertTrue(main.findElement(By.id("live-spec-only")).isSelected());
    assertEquals(List.of(), consoleErrors());
  }

  private static WebElement row(WebElement main, String name) {
    return main.findElement(By.cssSelector(".diff-group tr[data-name='" + name + "']"));
  }

  private static String change(WebElement main, String name) {
    return row(main, name).getAttribute("data-change");
  }

  private List<String> consoleErrors() {
    return browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }
}
