package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.HttpReceiver;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other CloudEvents modes and payloads: a batched sink sending object and patch, filtered by a
 * label selector (its receiver down while the changes are made, so that the backlog goes out in
 * full batches), and a structured sink sending patches of modifications only, with a token and a
 * header, to a receiver that first answers 503 with Retry-After.
 */
@ExtendWith(SharedClusters.class)
class SinkModesTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void batchedAndStructuredSinksSendTheirFilteredChangesWithPatches(SharedClusters.Clusters shared)
      throws Exception {
    String ns = "modes-" + System.nanoTime();
    try (HttpReceiver batched = HttpReceiver.start(1);
        HttpReceiver structured = HttpReceiver.start(2);
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      Path config = tmp.resolve("allkinds.yaml");
      Path token = Files.writeString(tmp.resolve("token"), "s3cret");
      Files.writeString(
          config,
          Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()))
              + """
              sinks:
                - name: batched
                  url: %s
                  kinds: [ConfigMap]
                  namespaces: [%s]
                  labelSelector: "app=web"
                  mode: batched
                  batchSize: 4
                  send: both
                - name: structured
                  url: %s
                  resources: [configmaps]
                  namespaces: [%s]
                  changeTypes: [MODIFIED]
                  mode: structured
                  send: patch
                  tokenFile: %s
                  headers: {X-Team: platform}
              """
                  .formatted(batched.url(), ns, structured.url(), ns, token));
      KubeObjects.namespace(client, ns);
      batched.down();
      structured.retryAfter(2, 3);
      try (ChildAggregator aggregator = ChildAggregator.start(config, tmp.resolve("a.log"))) {
        Api api = aggregator.api();
        Api.await(
            "alpha synced", WAIT, () -> ApiStates.clusterState(api, "alpha"), "watching"::equals);
        Set<String> web = Set.of("c0", "c1", "c2", "c3", "c4", "c5");
        List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");
        for (String name : names) {
          client
              .configMaps()
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withNamespace(ns)
                      .withName(name)
                      .addToLabels("app", web.contains(name) ? "web" : "other")
                      .endMetadata()
                      .withData(Map.of("v", "0"))
                      .build())
              .create();
        }
        for (String name : names) {
          client
              .configMaps()
              .inNamespace(ns)
              .withName(name)
              .edit(
                  c -> {
                    c.setData(Map.of("v", "1"));
                    return c;
                  });
        }
        client.configMaps().inNamespace(ns).withName("c0").delete();
        client.configMaps().inNamespace(ns).withName("c7").delete();
        TreeMap<Long, JsonObject> journal =
            Api.await(
                "the 18 changes journaled",
                WAIT,
                () -> {
                  TreeMap<Long, JsonObject> out = new TreeMap<>();
                  api.changes("limit=1000&cluster=alpha&kind=ConfigMap&namespace=" + ns).stream()
                      .map(JsonObject.class::cast)
                      .filter(e -> names.contains(e.getString("name")))
                      .forEach(e -> out.put(e.getLong("seq"), e));
                  return out;
                },
                m -> m.size() == 18);
        batched.up();

        List<Long> toBatched =
            journal.values().stream()
                .filter(e -> web.contains(e.getString("name")))
                .map(e -> e.getLong("seq"))
                .toList();
        List<Long> toStructured =
            journal.values().stream()
                .filter(e -> e.getString("type").equals("MODIFIED"))
                .map(e -> e.getLong("seq"))
                .toList();
        SinkChecks.awaitAccepted("the batched sink's changes", WAIT, batched, toBatched);
        SinkChecks.awaitAccepted("the structured sink's changes", WAIT, structured, toStructured);
        Api.await(
            "both sinks idle",
            WAIT,
            () -> List.of(SinkChecks.sink(api, "batched"), SinkChecks.sink(api, "structured")),
            l -> l.stream().allMatch(s -> "idle".equals(s.getString("state"))));
        assertEquals(toBatched, batched.acceptedSeqs(), "batched: each change once, in order");
        assertEquals(
            toStructured, structured.acceptedSeqs(), "structured: each change once, in order");
        batchesHoldUpToBatchSizeObjectsAndPatches(batched.accepted(), journal);
        structuredEventsCarryTheirAttributesAndPatches(structured.accepted(), ns);
        retryAfterIsHonouredAndTheTokenAndHeadersSent(structured.answers());
      }
    }
  }

  private static void batchesHoldUpToBatchSizeObjectsAndPatches(
      List<HttpReceiver.Event> events, Map<Long, JsonObject> journal) {
    Map<Integer, Long> perRequest =
        events.stream()
            .collect(Collectors.groupingBy(HttpReceiver.Event::request, Collectors.counting()));
    assertTrue(
        perRequest.values().stream().allMatch(n -> n <= 4)
            && perRequest.values().stream().anyMatch(n -> n == 4),
        "batches of at most batchSize 4, a full one among them: " + perRequest);
    for (HttpReceiver.Event e : events) {
      assertTrue(e.contentType().startsWith("application/cloudevents-batch+json"), e.contentType());
      String type = journal.get(e.seq()).getString("type");
      JsonObject data = new JsonObject(e.data());
      assertEquals(
          journal.get(e.seq()).getString("name"),
          data.getJsonObject("object").getJsonObject("metadata").getString("name"),
          "send: both has the object");
      if (type.equals("MODIFIED")) {
        JsonArray patch = data.getJsonArray("patch");
        assertTrue(
            patch.stream().anyMatch(op -> "/data/v".equals(((JsonObject) op).getString("path"))),
            "the patch of a modification changes /data/v: " + patch);
      } else {
        assertNull(data.getValue("patch"), type + " has no patch: " + data);
      }
    }
  }

  /** The receiver's first two answers were 503 with {@code Retry-After: 3}. */
  private static void retryAfterIsHonouredAndTheTokenAndHeadersSent(
      List<HttpReceiver.Answer> answers) {
    assertEquals(
        List.of(503, 503, 200),
        answers.subList(0, 3).stream().map(HttpReceiver.Answer::status).toList(),
        "answers: " + answers);
    for (int i = 1; i < 3; i++) {
      Duration gap = Duration.between(answers.get(i - 1).arrivedAt(), answers.get(i).arrivedAt());
      assertTrue(gap.toMillis() >= 2_900, "a request " + gap + " after a Retry-After: 3 answer");
    }
    for (HttpReceiver.Answer a : answers) {
      assertEquals("Bearer s3cret", a.headers().get("authorization"), "token from tokenFile");
      assertEquals("platform", a.headers().get("x-team"), "configured header");
    }
  }

  private static void structuredEventsCarryTheirAttributesAndPatches(
      List<HttpReceiver.Event> events, String ns) {
    assertEquals(
        events.size(),
        events.stream().map(HttpReceiver.Event::request).distinct().count(),
        "one event per request");
    for (HttpReceiver.Event e : events) {
      assertTrue(e.contentType().startsWith("application/cloudevents+json"), e.contentType());
      assertEquals("1.0", e.attribute("specversion"));
      assertEquals("io.allkinds.object.modified", e.attribute("type"));
      assertEquals("/allkinds/clusters/alpha", e.attribute("source"));
      assertEquals("alpha", e.attribute("cluster"));
      assertEquals("ConfigMap", e.attribute("kind"));
      assertEquals(ns, e.attribute("namespace"));
      assertTrue(
          e.attribute("subject").startsWith("api/v1/namespaces/" + ns + "/configmaps/"),
          e.attribute("subject"));
      JsonArray patch = new JsonArray(e.data());
      assertTrue(
          patch.stream()
              .anyMatch(
                  op ->
                      "/data/v".equals(((JsonObject) op).getString("path"))
                          && "1".equals(((JsonObject) op).getString("value"))),
          "send: patch has the patch of the modification: " + patch);
    }
  }
}
