package io.allkinds.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.Glob;
import io.allkinds.config.SinkConfig;
import io.allkinds.config.SinkFilter;
import io.allkinds.config.SinkMode;
import io.allkinds.config.SinkPayload;
import io.allkinds.config.TypePattern;
import io.allkinds.model.ChangeQuery;
import io.allkinds.model.DeadLetter;
import io.allkinds.model.EventType;
import io.allkinds.model.JournalEntry;
import io.allkinds.store.ChangeQueries;
import io.allkinds.testing.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks delivering from a real H2 journal to a real HTTP receiver on loopback: the filter (with
 * {@code changed}), the CloudEvents binary and batched modes, order, dead letters and their replay,
 * and a replay from a journal position.
 */
@ExtendWith(VertxExtension.class)
class SinkDelivererTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static SinkConfig sink(
      String name, java.net.URI url, SinkFilter filter, SinkMode mode, SinkPayload payload) {
    return new SinkConfig(
        name,
        url,
        filter,
        payload,
        mode,
        50,
        Duration.ofSeconds(5),
        2,
        1_000_000,
        Map.of(),
        "t0ken");
  }

  private static SinkFilter deploymentSpecs() {
    return new SinkFilter(
        List.of(new Glob("alp*")),
        List.of(TypePattern.parse("apps/Deployment")),
        List.of(),
        List.of(),
        List.of(),
        Set.of(),
        List.of("/spec"));
  }

  private static List<JournalEntry> journal(SinkStoreRig rig) {
    return new ChangeQueries(rig.db.dataSource()).list(ChangeQuery.all(0, 0, 1000));
  }

  @Test
  void deliversMatchingChangesInOrderAsBinaryCloudEventsAndLeavesOutStatusOnlyUpdates(Vertx vertx)
      throws Exception {
    try (SinkStoreRig rig = new SinkStoreRig(vertx, dir);
        TestReceiver receiver = new TestReceiver(vertx)) {
      rig.stored();
      rig.start(
          List.of(
              sink(
                  "specs",
                  receiver.url(),
                  deploymentSpecs(),
                  SinkMode.BINARY,
                  SinkPayload.OBJECT)));
      rig.deployment(EventType.ADDED, "web", 1, 0);
      rig.deployment(EventType.MODIFIED, "web", 1, 1); // status only
      rig.configMap(EventType.ADDED, "cm");
      rig.deployment(EventType.MODIFIED, "web", 3, 1);
      rig.deployment(EventType.DELETED, "web", 3, 1);
      long head = rig.stored();
      List<JournalEntry> entries = journal(rig);
      List<Long> expected =
          entries.stream()
              .filter(e -> e.type().kind().equals("Deployment"))
              .map(JournalEntry::seq)
              .toList();
      expected = List.of(expected.get(0), expected.get(2), expected.get(3));
      Api.await("three events accepted", WAIT, receiver::acceptedIds, ids -> ids.size() >= 3);
      assertEquals(expected, receiver.acceptedIds());
      var first = receiver.requests.get(0).headers();
      assertEquals("1.0", first.get("ce-specversion"));
      assertEquals("io.allkinds.object.added", first.get("ce-type"));
      assertEquals("/allkinds/clusters/alpha", first.get("ce-source"));
      assertEquals("apis/apps/v1/namespaces/ns/deployments/web", first.get("ce-subject"));
      assertEquals("alpha", first.get("ce-cluster"));
      assertEquals("Bearer t0ken", first.get("authorization"));
      assertEquals("application/json", first.get("content-type"));
      Instant.parse(first.get("ce-time"));
      assertEquals(
          3,
          new JsonObject(receiver.requests.get(1).body())
              .getJsonObject("spec")
              .getInteger("replicas"));
      assertEquals("io.allkinds.object.deleted", receiver.requests.get(2).headers().get("ce-type"));
      Api.await(
          "the cursor stored at the head",
          WAIT,
          () -> read(rig, "specs").deliveredSeq(),
          seq -> seq == head);
      assertEquals(3, read(rig, "specs").delivered());
    }
  }

  @Test
  void aRefusedEventIsDeadLetteredAfterItsTriesAndReplayedOnRequest(Vertx vertx) throws Exception {
    try (SinkStoreRig rig = new SinkStoreRig(vertx, dir);
        TestReceiver receiver = new TestReceiver(vertx)) {
      receiver.answer(r -> r.headers().get("ce-subject").endsWith("/poison") ? 400 : 204);
      rig.stored();
      rig.start(
          List.of(
              sink("all", receiver.url(), SinkFilter.any(), SinkMode.BINARY, SinkPayload.OBJECT)));
      rig.configMap(EventType.ADDED, "a");
      rig.configMap(EventType.ADDED, "poison");
      rig.configMap(EventType.ADDED, "b");
      rig.stored();
      List<Long> seqs = journal(rig).stream().map(JournalEntry::seq).toList();
      int n = seqs.size();
      Api.await("two accepted", WAIT, receiver::acceptedIds, ids -> ids.size() >= 2);
      assertEquals(List.of(seqs.get(n - 3), seqs.get(n - 1)), receiver.acceptedIds());
      long refusals = receiver.requests.stream().filter(r -> r.status() == 400).count();
      assertEquals(2, refusals, "maxAttempts: 2 tries of a 400");
      List<DeadLetter> letters = rig.deadLetters.list("all", 0, 10);
      assertEquals(1, letters.size());
      assertEquals(seqs.get(n - 2), letters.get(0).seq());
      assertEquals("poison", letters.get(0).name());
      assertEquals(400, letters.get(0).status());
      assertEquals(1, read(rig, "all").deadLettered());

      receiver.answer(r -> 204);
      assertEquals(1, rig.deadLetters.requestReplay("all", null));
      Api.await(
          "the dead letter resent and gone",
          WAIT,
          () -> {
            try {
              return rig.deadLetters.list("all", 0, 10);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          List::isEmpty);
      TestReceiver.Request resent = receiver.requests.get(receiver.requests.size() - 1);
      assertEquals(String.valueOf(seqs.get(n - 2)), resent.headers().get("ce-id"));
      assertEquals(
          "poison", new JsonObject(resent.body()).getJsonObject("metadata").getString("name"));
    }
  }

  @Test
  void batchedModeSendsArraysOfStructuredEventsWithObjectAndPatch(Vertx vertx) throws Exception {
    try (SinkStoreRig rig = new SinkStoreRig(vertx, dir);
        TestReceiver receiver = new TestReceiver(vertx)) {
      rig.stored();
      rig.start(
          List.of(
              sink(
                  "batch", receiver.url(), deploymentSpecs(), SinkMode.BATCHED, SinkPayload.BOTH)));
      rig.deployment(EventType.ADDED, "api", 1, 0);
      rig.deployment(EventType.MODIFIED, "api", 2, 0);
      rig.stored();
      Api.await(
          "both events received",
          WAIT,
          () ->
              receiver.requests.stream()
                  .filter(r -> r.status() == 204)
                  .mapToInt(r -> new JsonArray(r.body()).size())
                  .sum(),
          n -> n >= 2);
      TestReceiver.Request first = receiver.requests.get(0);
      assertEquals(
          "application/cloudevents-batch+json; charset=UTF-8", first.headers().get("content-type"));
      JsonArray all = new JsonArray();
      receiver.requests.forEach(r -> new JsonArray(r.body()).forEach(all::add));
      JsonObject modified = all.getJsonObject(1);
      assertEquals("io.allkinds.object.modified", modified.getString("type"));
      assertEquals("1.0", modified.getString("specversion"));
      assertEquals(
          2,
          modified
              .getJsonObject("data")
              .getJsonObject("object")
              .getJsonObject("spec")
              .getInteger("replicas"));
      assertEquals(
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("op", "replace")
                      .put("path", "/spec/replicas")
                      .put("value", 2)),
          modified.getJsonObject("data").getJsonArray("patch"));
      assertNull(all.getJsonObject(0).getJsonObject("data").getValue("patch"));
    }
  }

  @Test
  void aReplayFromAPositionDeliversEveryEntryFromThereAgain(Vertx vertx) throws Exception {
    try (SinkStoreRig rig = new SinkStoreRig(vertx, dir);
        TestReceiver receiver = new TestReceiver(vertx)) {
      rig.stored();
      rig.start(
          List.of(
              sink(
                  "r", receiver.url(), SinkFilter.any(), SinkMode.STRUCTURED, SinkPayload.OBJECT)));
      rig.configMap(EventType.ADDED, "x");
      rig.configMap(EventType.ADDED, "y");
      rig.configMap(EventType.ADDED, "z");
      long head = rig.stored();
      Api.await("three received", WAIT, () -> receiver.requests.size(), n -> n >= 3);
      Api.await("caught up", WAIT, () -> read(rig, "r").deliveredSeq(), s -> s == head);
      assertTrue(rig.cursors.requestReplay("r", head - 1));
      Api.await("two more received", WAIT, () -> receiver.requests.size(), n -> n >= 5);
      List<String> ids =
          receiver.requests.stream().map(r -> new JsonObject(r.body()).getString("id")).toList();
      assertEquals(
          List.of(head - 2, head - 1, head, head - 1, head).stream().map(String::valueOf).toList(),
          ids);
      assertEquals(
          "application/cloudevents+json; charset=UTF-8",
          receiver.requests.get(0).headers().get("content-type"));
    }
  }

  private static io.allkinds.model.SinkCursor read(SinkStoreRig rig, String name) {
    try {
      return rig.cursors.read(name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
