package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A CRD that starts serving a newer version changes its group's preferred version: the aggregator
 * stops the type's watch and starts it afresh at the new version, and new objects keep arriving.
 */
@ExtendWith(SharedClusters.class)
class PreferredVersionTest {

  private static final Duration WAIT = Duration.ofSeconds(45);

  @TempDir Path tmp;

  private static CustomResourceDefinitionVersion version(String name, boolean storage) {
    return new CustomResourceDefinitionVersionBuilder()
        .withName(name)
        .withServed(true)
        .withStorage(storage)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .build();
  }

  private static GenericKubernetesResource widget(String group, String version, String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(group + "/" + version)
        .withKind("Widget")
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", 1)))
        .build();
  }

  private static JsonObject widgetType(Api api, String group) {
    return api.items("/api/v1/resource-types?cluster=alpha").stream()
        .map(JsonObject.class::cast)
        .filter(t -> group.equals(t.getString("group")))
        .findFirst()
        .orElse(null);
  }

  private static JsonObject storedWidget(Api api, String group, String name) {
    return api
        .items("/api/v1/objects?cluster=alpha&kind=Widget&namespace=default&full=true")
        .stream()
        .map(JsonObject.class::cast)
        .filter(o -> o.getString("group").equals(group) && o.getString("name").equals(name))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aNewPreferredVersionRestartsTheWatchAtThatVersion(SharedClusters.Clusters clusters)
      throws Exception {
    String group = "v" + Long.toString(System.nanoTime(), 36) + ".allkinds.test";
    String crdName = "widgets." + group;
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger watchSetLog = (Logger) LoggerFactory.getLogger("io.allkinds.cluster.WatchSet");
    log.start();
    watchSetLog.addAppender(log);
    try (KubernetesClient client = KubeObjects.client(clusters.alpha().adminKubeconfig())) {
      var crds = client.apiextensions().v1().customResourceDefinitions();
      CustomResourceDefinition crd =
          new CustomResourceDefinitionBuilder()
              .withNewMetadata()
              .withName(crdName)
              .endMetadata()
              .withNewSpec()
              .withGroup(group)
              .withScope("Namespaced")
              .withNewNames()
              .withPlural("widgets")
              .withSingular("widget")
              .withKind("Widget")
              .withListKind("WidgetList")
              .endNames()
              .withVersions(version("v1", true))
              .endSpec()
              .build();
      crds.resource(crd).create();
      KubeObjects.awaitEstablished(client, crdName, Duration.ofSeconds(30));
      client
          .genericKubernetesResources(group + "/v1", "Widget")
          .resource(widget(group, "v1", "first"))
          .create();

      String yaml =
          Configs.config(tmp, Configs.cluster("alpha", clusters.alpha().adminKubeconfig()));
      try (Aggregator aggregator = Aggregator.start(tmp, yaml)) {
        Api api = aggregator.api();
        Api.await(
            "Widgets watched at v1",
            WAIT,
            () -> widgetType(api, group),
            t ->
                t != null
                    && t.getString("version").equals("v1")
                    && t.getString("state").equals("watching"));
        Api.await(
            "the first Widget stored",
            WAIT,
            () -> storedWidget(api, group, "first"),
            w -> w != null);

        // Serve v2 too: by Kubernetes' version order v2 now comes first, so it is the preferred
        // one.
        crds.withName(crdName)
            .edit(
                c -> {
                  c.getSpec().setVersions(List.of(version("v1", true), version("v2", false)));
                  return c;
                });
        Api.await(
            "Widgets watched at v2",
            WAIT,
            () -> widgetType(api, group),
            t ->
                t != null
                    && t.getString("version").equals("v2")
                    && t.getString("state").equals("watching"));
        assertTrue(
            List.copyOf(log.list).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .anyMatch(
                    m ->
                        m.contains("type=widgets." + group)
                            && m.contains("preferred version changed v1 -> v2: restarting")),
            "the log says why the watch restarted");

        client
            .genericKubernetesResources(group + "/v2", "Widget")
            .resource(widget(group, "v2", "second"))
            .create();
        JsonObject second =
            Api.await(
                "a Widget created after the change stored",
                WAIT,
                () -> storedWidget(api, group, "second"),
                w -> w != null);
        assertEquals(group + "/v2", second.getJsonObject("object").getString("apiVersion"));
        assertTrue(storedWidget(api, group, "first") != null, "the first Widget is still there");
      }
    } finally {
      watchSetLog.detachAppender(log);
      try (KubernetesClient client = KubeObjects.client(clusters.alpha().adminKubeconfig())) {
        client.apiextensions().v1().customResourceDefinitions().withName(crdName).delete();
      }
    }
  }
}
