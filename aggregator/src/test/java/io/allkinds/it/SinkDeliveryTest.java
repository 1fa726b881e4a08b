package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.ApiStates;
import io.allkinds.testing.ChildAggregator;
import io.allkinds.testing.Configs;
import io.allkinds.testing.HttpReceiver;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.SharedClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks on H2 against a real API server and a real, unreliable HTTP receiver: every journal entry
 * matching the filter is delivered at least once and in order through random 500s, an outage of the
 * receiver and a SIGKILL of the aggregator; nothing outside the filter is; refused entries are
 * dead-lettered and replayable; a sink pointed at nowhere changes nothing for the other.
 */
@ExtendWith(SharedClusters.class)
class SinkDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String POISON = "poison";
  private static final Set<String> POISONED = Set.of(POISON);

  @TempDir Path tmp;

  @Test
  void everyMatchingChangeIsDeliveredInOrderThroughFailuresOutagesAndAKill(
      SharedClusters.Clusters shared) throws Exception {
    String ns = "sink-" + System.nanoTime();
    try (HttpReceiver receiver = HttpReceiver.start(17);
        KubernetesClient client = KubeObjects.client(shared.alpha().adminKubeconfig())) {
      receiver.failFraction(1.0 / 3);
      receiver.refuse(e -> String.valueOf(e.attribute("subject")).endsWith("/deployments/poison"));
      Path config = tmp.resolve("allkinds.yaml");
      Files.writeString(
          config,
          Configs.config(tmp, Configs.cluster("alpha", shared.alpha().adminKubeconfig()))
              + SinkChecks.sinksYaml(receiver.url(), ns));
      KubeObjects.namespace(client, ns);
      DeploymentChurn churn = new DeploymentChurn(client, ns);
      List<String> names = List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9");

      ChildAggregator first = ChildAggregator.start(config, tmp.resolve("first.log"));
      Instant killedAt;
      long cursorBefore;
      try {
        Api.await(
            "alpha synced",
            WAIT,
            () -> ApiStates.clusterState(first.api(), "alpha"),
            "watching"::equals);
        // Creates and spec changes, with ConfigMaps (outside the filter) in between.
        for (String name : names) {
          churn.create(name);
          churn.configMap("cm-" + name, "0");
        }
        churn.create(POISON);
        for (String name : names) {
          churn.scale(name, 2);
          churn.configMap("cm-" + name, "1");
        }
        churn.scale(POISON, 3);
        Api.await("some events accepted", WAIT, receiver::acceptedSeqs, s -> s.size() >= 8);
        cursorBefore = SinkChecks.sink(first.api(), "deployments").getLong("cursor");
      } finally {
        first.kill();
        killedAt = Instant.now();
      }
      // While nobody delivers: label changes and status-only updates.
      for (String name : names) {
        churn.label(name, "tier", "web");
        churn.status(name, 2);
      }
      Instant restartedAt = Instant.now();
      try (ChildAggregator second = ChildAggregator.start(config, tmp.resolve("second.log"))) {
        Api api = second.api();
        // The receiver is down while images change and some Deployments go.
        receiver.down();
        Instant downAt = Instant.now();
        for (String name : names) {
          churn.image(name, "nginx:1.27");
          churn.status(name, 1);
        }
        for (String name : names.subList(0, 4)) {
          churn.delete(name);
        }
        churn.delete(POISON);
        Api.await(
            "the sink reports failures while the receiver is down",
            WAIT,
            () -> SinkChecks.sink(api, "deployments"),
            s ->
                s.getString("lastErrorAt") != null
                    && OffsetDateTime.parse(s.getString("lastErrorAt"))
                        .toInstant()
                        .isAfter(downAt));
        receiver.up();

        churn.awaitJournaled(api, "alpha", WAIT);
        NavigableMap<Long, SinkChecks.Entry> journal =
            SinkChecks.deploymentJournal(api, "alpha", ns);
        NavigableSet<Long> expected = SinkChecks.matching(journal, POISONED, false);
        NavigableSet<Long> poisoned = SinkChecks.matching(journal, POISONED, true);
        SinkChecks.awaitAccepted("every matching entry accepted", WAIT, receiver, expected);
        Api.await(
            "deployments idle and caught up",
            WAIT,
            () -> SinkChecks.sink(api, "deployments"),
            s -> "idle".equals(s.getString("state")) && s.getLong("lagEntries") < 50);
        List<HttpReceiver.Event> accepted = receiver.accepted();
        System.out.println(SinkChecks.summary(receiver, accepted));

        nothingOutsideTheFilterWasAccepted(journal, expected, accepted);
        SinkChecks.Stop stop = new SinkChecks.Stop(cursorBefore, killedAt, restartedAt);
        System.out.println(stop);
        SinkChecks.assertInOrderApartFromOneStepBack(accepted, stop);
        assertTrue(receiver.answered500() > 0, "the receiver refused some requests with a 500");
        eventsAreCloudEvents(accepted, journal, ns);
        theSinkToNowhereReportsItsFailures(api);
        theSinksAreDescribed(api, receiver);
        theMetricsCountPerSink(api);
        refusedEntriesAreDeadLetteredAndReplayable(api, receiver, poisoned, ns);
        aReplayRedeliversFromTheGivenSeq(api, receiver, journal);
        replayRequestsAreValidated(api);
        aReplayFromAnInstantStartsAtTheEntryStoredThen(api, accepted.get(accepted.size() / 2));
      }
    }
  }

  private static void nothingOutsideTheFilterWasAccepted(
      NavigableMap<Long, SinkChecks.Entry> journal,
      NavigableSet<Long> expected,
      List<HttpReceiver.Event> accepted) {
    long statusOnly =
        journal.values().stream().filter(e -> e.type().equals("MODIFIED") && !e.matches()).count();
    assertTrue(statusOnly >= 10, "the journal has status-only modifications: " + statusOnly);
    Set<Long> outside =
        accepted.stream()
            .map(HttpReceiver.Event::seq)
            .filter(s -> !expected.contains(s))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        Set.of(),
        outside,
        "accepted entries that are not matching Deployment changes (ConfigMaps, status-only"
            + " updates, the poison object): "
            + outside.stream().map(s -> s + "=" + journal.get(s)).toList());
  }

  /** The CloudEvents attributes of an accepted spec change. */
  private static void eventsAreCloudEvents(
      List<HttpReceiver.Event> accepted, NavigableMap<Long, SinkChecks.Entry> journal, String ns) {
    HttpReceiver.Event modified =
        accepted.stream()
            .filter(e -> "MODIFIED".equals(journal.get(e.seq()).type()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no modification accepted"));
    SinkChecks.Entry entry = journal.get(modified.seq());
    assertEquals("1.0", modified.attribute("specversion"));
    assertEquals("io.allkinds.object.modified", modified.attribute("type"));
    assertEquals("/allkinds/clusters/alpha", modified.attribute("source"));
    assertEquals(
        "apis/apps/v1/namespaces/" + ns + "/deployments/" + entry.name(),
        modified.attribute("subject"));
    assertNotNull(OffsetDateTime.parse(modified.attribute("time")), "ce-time is RFC 3339");
    JsonObject data = new JsonObject(modified.data());
    assertEquals(entry.name(), data.getJsonObject("metadata").getString("name"), "data: object");
    List<String> types =
        accepted.stream().map(e -> e.attribute("type")).distinct().sorted().toList();
    assertEquals(
        List.of(
            "io.allkinds.object.added",
            "io.allkinds.object.deleted",
            "io.allkinds.object.modified"),
        types,
        "the three event types");
  }

  private static void theSinkToNowhereReportsItsFailures(Api api) {
    JsonObject nowhere = SinkChecks.sink(api, "nowhere");
    assertNotNull(nowhere.getString("lastError"), "nowhere has a last error: " + nowhere);
    assertTrue(nowhere.getLong("retries") > 0, "nowhere retried: " + nowhere);
    assertEquals(0L, nowhere.getLong("delivered"), "nowhere delivered nothing: " + nowhere);
    JsonObject deployments = SinkChecks.sink(api, "deployments");
    assertTrue(deployments.getLong("delivered") > 0, "deployments delivered: " + deployments);
    assertTrue(deployments.getLong("retries") > 0, "deployments retried the 500s: " + deployments);
  }

  private static void theSinksAreDescribed(Api api, HttpReceiver receiver) {
    JsonObject d = SinkChecks.sink(api, "deployments");
    assertEquals(receiver.url(), d.getString("url"), "url: " + d);
    assertEquals("binary", d.getString("mode"), "mode: " + d);
    assertEquals("object", d.getString("send"), "send: " + d);
    assertNotNull(d.getString("lastDeliveredAt"), "lastDeliveredAt: " + d);
    assertTrue(d.getLong("cursor") <= d.getLong("head"), "cursor not past the head: " + d);
    assertEquals(
        List.of("deployments", "nowhere"),
        api.items("/api/v1/sinks").stream().map(o -> ((JsonObject) o).getString("name")).toList(),
        "the sinks in configuration order");
  }

  private static void theMetricsCountPerSink(Api api) {
    String metrics = api.get("/metrics").body();
    assertTrue(
        SinkChecks.metric(metrics, "allkinds_sink_delivered_total", "deployments") > 0,
        "deployments delivered, by the metrics");
    assertTrue(
        SinkChecks.metric(metrics, "allkinds_sink_retries_total", "nowhere") > 0,
        "nowhere retried, by the metrics");
    assertEquals(
        0.0,
        SinkChecks.metric(metrics, "allkinds_sink_delivered_total", "nowhere"),
        "nowhere delivered nothing, by the metrics");
    SinkChecks.metric(metrics, "allkinds_sink_dead_lettered_total", "deployments");
    SinkChecks.metric(metrics, "allkinds_sink_lag_entries", "deployments");
    SinkChecks.metric(metrics, "allkinds_sink_lag_seconds", "deployments");
  }

  private static void refusedEntriesAreDeadLetteredAndReplayable(
      Api api, HttpReceiver receiver, NavigableSet<Long> poisoned, String ns) {
    assertEquals(3, poisoned.size(), "the poison Deployment has 3 matching entries");
    String deadLetters = "/api/v1/sinks/deployments/dead-letters";
    TreeSet<Long> listed =
        api.items(deadLetters).stream()
            .map(JsonObject.class::cast)
            .peek(
                d -> {
                  assertEquals(POISON, d.getString("name"), "dead letter " + d);
                  assertEquals("alpha", d.getString("cluster"), "dead letter " + d);
                  assertEquals("apps", d.getString("group"), "dead letter " + d);
                  assertEquals("Deployment", d.getString("kind"), "dead letter " + d);
                  assertEquals(ns, d.getString("namespace"), "dead letter " + d);
                  assertEquals(2, d.getInteger("attempts"), "maxAttempts tries: " + d);
                  assertEquals(400, d.getInteger("status"), "dead letter " + d);
                })
            .map(d -> d.getLong("seq"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(poisoned, listed, "the poison entries are dead-lettered");
    assertEquals(
        Set.of("ADDED", "MODIFIED", "DELETED"),
        api.items(deadLetters).stream()
            .map(d -> ((JsonObject) d).getString("eventType"))
            .collect(Collectors.toSet()),
        "the poison's creation, spec change and deletion");
    assertEquals(3L, SinkChecks.sink(api, "deployments").getLong("deadLettered"));

    // From here on the receiver takes everything: a replayed dead letter refused again would stay.
    receiver.failFraction(0);
    receiver.refuse(null);
    Api.Response replay = api.post(deadLetters + "/replay");
    assertEquals(202, replay.status(), replay.body());
    assertEquals(3, replay.json().getInteger("requested"), replay.body());
    SinkChecks.awaitAccepted("the poison entries accepted", WAIT, receiver, poisoned);
    Api.await("no dead letters left", WAIT, () -> api.items(deadLetters).size(), n -> n == 0);
  }

  private static void aReplayRedeliversFromTheGivenSeq(
      Api api, HttpReceiver receiver, NavigableMap<Long, SinkChecks.Entry> journal) {
    NavigableSet<Long> all = SinkChecks.matching(journal, Set.of(), false);
    long from = all.stream().skip(all.size() / 2).findFirst().orElseThrow();
    int mark = receiver.accepted().size();
    Api.Response replay = api.post("/api/v1/sinks/deployments/replay?from=" + from);
    assertEquals(202, replay.status(), replay.body());
    assertEquals(from, replay.json().getLong("from"), replay.body());
    TreeSet<Long> again = new TreeSet<>(all.tailSet(from));
    List<Long> redelivered =
        Api.await(
            "every matching entry from " + from + " delivered again",
            WAIT,
            () -> {
              List<Long> s = receiver.acceptedSeqs();
              return s.subList(mark, s.size());
            },
            s -> new TreeSet<>(s).containsAll(again));
    assertTrue(
        redelivered.stream().allMatch(s -> s >= from),
        "nothing before " + from + " redelivered: " + redelivered);
    assertEquals(
        redelivered.stream().sorted().toList(), redelivered, "redelivered in journal order");
  }

  private static void replayRequestsAreValidated(Api api) {
    assertEquals(400, api.post("/api/v1/sinks/deployments/replay?from=abc").status());
    assertEquals(404, api.post("/api/v1/sinks/no-such-sink/replay?from=1").status());
    assertEquals(404, api.get("/api/v1/sinks/no-such-sink/dead-letters").status());
  }

  /** {@code from} an event's {@code ce-time}: that event is among those delivered again. */
  private static void aReplayFromAnInstantStartsAtTheEntryStoredThen(
      Api api, HttpReceiver.Event event) {
    Api.Response replay =
        api.post("/api/v1/sinks/deployments/replay?from=" + Api.q(event.attribute("time")));
    assertEquals(202, replay.status(), replay.body());
    long from = replay.json().getLong("from");
    assertTrue(
        from > 0 && from <= event.seq(),
        "from=" + event.attribute("time") + " (seq " + event.seq() + ") -> " + replay.body());
  }
}
