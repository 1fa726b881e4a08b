package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.store.BodyCodec;
import io.allkinds.testing.Aggregator;
import io.allkinds.testing.Api;
import io.allkinds.testing.Configs;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.allkinds.testing.StoreFiles;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configured redaction: values the rules point at are blanked before anything is stored, so they
 * reach neither the latest state, nor the journal, nor the store's files, nor any answer; values
 * the rules do not name are kept.
 */
@ExtendWith(SharedClusters.class)
class RedactionTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void redactedValuesNeverReachTheStoreTheJournalOrAnAnswer(SharedClusters.Clusters shared)
      throws Exception {
    String ns = "redact-" + System.nanoTime();
    String password = "pw-" + System.nanoTime() + "-never-stored";
    String newPassword = "pw2-" + System.nanoTime() + "-never-stored";
    String apiKey = "key-" + System.nanoTime() + "-never-stored";
    String yaml =
        Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()))
            + """
          redact:
          - group: apps
            kind: Deployment
            paths: [/spec/template/spec/containers/*/env/*/value]
            whenName: "(?i).*(password|token|secret|key).*"
          - group: ""
            kind: ConfigMap
            paths: [/data/apiKey]
        """;
    try (KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig());
        Aggregator aggregator = Aggregator.start(tmp, yaml)) {
      Api api = aggregator.api();
      KubeObjects.namespace(client, ns);
      Deployment deployment =
          new DeploymentBuilder()
              .withNewMetadata()
              .withName("shop")
              .withNamespace(ns)
              .endMetadata()
              .withNewSpec()
              .withNewSelector()
              .addToMatchLabels("app", "shop")
              .endSelector()
              .withNewTemplate()
              .withNewMetadata()
              .addToLabels("app", "shop")
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("shop")
              .withImage("shop:1")
              .withEnv(
                  new EnvVar("DB_PASSWORD", password, null), new EnvVar("LOG_LEVEL", "debug", null))
              .endContainer()
              .endSpec()
              .endTemplate()
              .endSpec()
              .build();
      client.apps().deployments().inNamespace(ns).resource(deployment).create();
      // As kubectl apply leaves it: the whole object, values included, copied into an annotation.
      String lastApplied =
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"apiKey\":\"" + apiKey + "\"}}";
      client
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("client")
                  .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", lastApplied)
                  .endMetadata()
                  .withData(Map.of("apiKey", apiKey, "endpoint", "https://example.test"))
                  .build())
          .create();

      JsonObject stored =
          Api.await(
                  "the Deployment stored",
                  WAIT,
                  () ->
                      api.items(
                          "/api/v1/objects?kind=Deployment&name=shop&full=true&namespace=" + ns),
                  a -> a.size() == 1)
              .getJsonObject(0)
              .getJsonObject("object");
      JsonArray env =
          stored
              .getJsonObject("spec")
              .getJsonObject("template")
              .getJsonObject("spec")
              .getJsonArray("containers")
              .getJsonObject(0)
              .getJsonArray("env");
      assertEquals(
          "<redacted>",
          env.getJsonObject(0).getString("value"),
          "a value named like a password is blanked");
      assertEquals("debug", env.getJsonObject(1).getString("value"), "other values are kept");
      JsonObject cm =
          Api.await(
                  "the ConfigMap stored",
                  WAIT,
                  () ->
                      api.items(
                          "/api/v1/objects?kind=ConfigMap&name=client&full=true&namespace=" + ns),
                  a -> a.size() == 1)
              .getJsonObject(0)
              .getJsonObject("object");
      assertEquals("<redacted>", cm.getJsonObject("data").getString("apiKey"));
      assertEquals("https://example.test", cm.getJsonObject("data").getString("endpoint"));
      assertFalse(
          cm.encode().contains(apiKey), "nor in kubectl's last-applied copy: " + cm.encode());

      // A new value is a change of the object, journaled, and still never stored.
      client
          .apps()
          .deployments()
          .inNamespace(ns)
          .withName("shop")
          .edit(
              d -> {
                d.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .get(0)
                    .setValue(newPassword);
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("shop:2");
                return d;
              });
      String history =
          Api.await(
                  "the update journaled",
                  WAIT,
                  () ->
                      api.get(
                          "/api/v1/history?cluster=alpha&apiVersion=apps/v1&kind=Deployment&name=shop&namespace="
                              + ns),
                  r -> r.status() == 200 && r.json().getJsonArray("items").size() >= 2)
              .body();
      for (String value : List.of(password, newPassword)) {
        assertFalse(history.contains(value), "history answers hold no redacted value");
        assertFalse(api.get("/api/v1/objects?full=true&namespace=" + ns).body().contains(value));
        assertFalse(api.get("/api/v1/changes?namespace=" + ns).body().contains(value));
      }
      assertTrue(history.contains("shop:2"), "the rest of the change is there");
    }
    // Straight from the store, every body inflated: no redacted value in the latest state or the
    // journal.
    List<String> bodies = new ArrayList<>();
    BodyCodec codec = new BodyCodec();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + tmp.resolve("db/allkinds"));
        Statement st = c.createStatement()) {
      for (String table : List.of("objects", "journal")) {
        try (ResultSet rs =
            st.executeQuery("SELECT body FROM " + table + " WHERE namespace = '" + ns + "'")) {
          while (rs.next()) {
            bodies.add(new String(codec.decode(rs.getBytes(1)), StandardCharsets.UTF_8));
          }
        }
      }
    }
    assertTrue(
        bodies.size() >= 4,
        "latest states and journal entries of both objects read: " + bodies.size());
    for (String body : bodies) {
      for (String value : List.of(password, newPassword, apiKey)) {
        assertFalse(body.contains(value), "a stored body holds a redacted value: " + body);
      }
    }
    for (String value : List.of(password, newPassword, apiKey)) {
      StoreFiles.assertNotInFiles(tmp.resolve("db"), value);
    }
  }
}
