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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The relationships tree of the object view in a real headless Chromium, against the in-process
 * aggregator and a real cluster: a Deployment, a ReplicaSet it owns, a Pod that ReplicaSet owns
 * (mounting a ConfigMap) and a Service selecting it, made here with their owner references; the
 * Deployment's view draws the tree down to the Pod, each node a link, and the Pod's view its owners
 * above it and its ConfigMap and Service beside it.
 */
@ExtendWith(SharedClusters.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationsUiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private final String ns = "relations-ui-" + System.nanoTime();
  private final Path shots = TestFiles.repoRoot().resolve("web-ui/target/screenshots");

  private Aggregator aggregator;
  private KubernetesClient alpha;
  private Browser browser;
  private String base;

  @BeforeAll
  void start(SharedClusters.Clusters clusters) throws Exception {
    alpha = KubeObjects.client(clusters.alpha().adminKubeconfig());
    aggregator =
        Aggregator.start(
            tmp, Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig())));
    base = "http://127.0.0.1:" + aggregator.port() + "/";
    Api api = aggregator.api();
    Api.await("clusters ready", WAIT, () -> api.get("/readyz").status(), s -> s == 200);
    KubeObjects.namespace(alpha, ns);
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
  }

  private static OwnerReference owner(HasMetadata o) {
    return new OwnerReferenceBuilder()
        .withApiVersion(o.getApiVersion())
        .withKind(o.getKind())
        .withName(o.getMetadata().getName())
        .withUid(o.getMetadata().getUid())
        .withController(true)
        .build();
  }

  @Test
  void theObjectViewDrawsOwnersAndDescendantsAsLinks() throws Exception {
    Map<String, String> app = Map.of("app", "web");
    alpha.configMaps().resource(KubeObjects.configMap(ns, "cfg", "v1")).create();
    var deployment =
        alpha
            .apps()
            .deployments()
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withNamespace(ns)
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .withMatchLabels(app)
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(app)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    var replicaSet =
        alpha
            .apps()
            .replicaSets()
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withNamespace(ns)
                    .withName("web-1")
                    .withLabels(app)
                    .withOwnerReferences(owner(deployment))
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .withMatchLabels(app)
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(app)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    alpha
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("web-1-a")
                .withLabels(app)
                .withOwnerReferences(owner(replicaSet))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .addNewVolume()
                .withName("cfg")
                .withNewConfigMap()
                .withName("cfg")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build())
        .create();
    alpha
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withSelector(app)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    Api api = aggregator.api();
    String pod = "v1/Pod/" + ns + "/web-1-a";
    Api.await(
        "the Pod stored with its owner and the Service selecting it",
        WAIT,
        () ->
            api.get(
                    "/api/v1/relations?cluster=alpha&apiVersion=v1&kind=Pod&namespace="
                        + ns
                        + "&name=web-1-a")
                .body(),
        b -> b.contains("apps/v1/Deployment/" + ns + "/web") && b.contains("\"selects\""));

    consoleErrors();
    browser.open(
        base
            + "?view=object&cluster=alpha&apiVersion=apps/v1&kind=Deployment&namespace="
            + ns
            + "&name=web");
    browser.view("object");
    WebElement tree =
        browser.await(
            "the tree down to the Pod",
            d -> {
              List<WebElement> t = d.findElements(By.id("relation-tree"));
              return !t.isEmpty()
                      && !t.get(0)
                          .findElements(By.cssSelector("a[data-id='" + pod + "']"))
                          .isEmpty()
                  ? t.get(0)
                  : null;
            });
    WebElement rs =
        tree.findElement(By.cssSelector("a[data-id='apps/v1/ReplicaSet/" + ns + "/web-1']"));
    assertEquals("ReplicaSet " + ns + "/web-1", rs.getText());
    assertTrue(
        tree.findElement(By.cssSelector("li.root"))
            .getText()
            .startsWith("Deployment " + ns + "/web"),
        tree.getText());
    // The Pod is nested under the ReplicaSet, with its state.
    WebElement podItem =
        rs.findElement(By.xpath("./ancestor::li[1]"))
            .findElement(By.cssSelector("ul .relation-node[data-id='" + pod + "']"));
    assertTrue(podItem.getText().contains("Pending"), podItem.getText());
    String compare = browser.driver().findElement(By.id("compare-clusters")).getAttribute("href");
    assertTrue(
        compare.contains("view=drift")
            && compare.contains("apiVersion=apps%2Fv1")
            && compare.contains("kind=Deployment")
            && compare.contains("name=web"),
        compare);
    browser.screenshot("relations-deployment");

    // Following the Pod's link: its owners above it, its ConfigMap and the Service beside it.
    tree.findElement(By.cssSelector("a[data-id='" + pod + "']")).click();
    browser.await("the Pod's view", d -> d.getCurrentUrl().contains("kind=Pod"));
    browser.view("object");
    WebElement podTree =
        browser.await(
            "the Pod's owners",
            d -> {
              List<WebElement> t = d.findElements(By.id("relation-tree"));
              return !t.isEmpty() && t.get(0).getText().contains("Deployment " + ns + "/web")
                  ? t.get(0)
                  : null;
            });
    String text = podTree.getText();
    assertTrue(
        text.indexOf("Deployment") < text.indexOf("ReplicaSet")
            && text.indexOf("ReplicaSet") < text.indexOf("Pod " + ns + "/web-1-a"),
        "owners above the object: " + text);
    WebElement others = browser.driver().findElement(By.id("relation-others"));
    assertTrue(others.getText().contains("Config maps"), others.getText());
    assertTrue(
        !others.findElements(By.cssSelector("a[data-id='v1/ConfigMap/" + ns + "/cfg']")).isEmpty(),
        others.getText());
    assertTrue(
        !others.findElements(By.cssSelector("a[data-id='v1/Service/" + ns + "/web']")).isEmpty(),
        others.getText());
    assertTrue(others.getText().contains("Selected by"), others.getText());
    browser.screenshot("relations-pod");
    assertEquals(List.of(), consoleErrors());

    // The ConfigMap's view lists the Pod that mounts it.
    others.findElement(By.cssSelector("a[data-id='v1/ConfigMap/" + ns + "/cfg']")).click();
    browser.await("the ConfigMap's view", d -> d.getCurrentUrl().contains("kind=ConfigMap"));
    browser.view("object");
    browser.await(
        "the Pod that mounts it",
        d ->
            d.findElements(By.cssSelector("#relation-others a[data-id='" + pod + "']")).isEmpty()
                ? null
                : true);
  }

  private List<String> consoleErrors() {
    return browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }
}
