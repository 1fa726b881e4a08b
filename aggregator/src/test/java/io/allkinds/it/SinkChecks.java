package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.HttpReceiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle of the sink tests, read from the journal through the API: which entries a Deployment
 * sink with {@code changed: [/spec, /metadata/labels]} must deliver, and the checks of what a
 * receiver accepted against it.
 */
final class SinkChecks {

  /** One journal entry of a Deployment, and whether the sink's filter matches it. */
  record Entry(long seq, String name, String type, boolean matches) {}

  private SinkChecks() {}

  /**
   * Every journal entry of the Deployments of {@code ns}, by seq, each matched as the sink should:
   * ADDED and DELETED always, MODIFIED when the spec or the labels differ from the object's
   * previous journaled version.
   */
  static NavigableMap<Long, Entry> deploymentJournal(Api api, String cluster, String ns) {
    Set<String> names = new LinkedHashSet<>();
    api.changes("limit=1000&cluster=" + cluster + "&kind=Deployment&namespace=" + ns).stream()
        .map(JsonObject.class::cast)
        .forEach(e -> names.add(e.getString("name")));
    TreeMap<Long, Entry> out = new TreeMap<>();
    for (String name : names) {
      JsonObject previous = null;
      for (JsonObject item : history(api, cluster, ns, name)) {
        JsonObject object = item.getJsonObject("object");
        String type = item.getString("type");
        boolean matches =
            !type.equals("MODIFIED")
                || previous == null
                || !Objects.equals(spec(previous), spec(object))
                || !Objects.equals(labels(previous), labels(object));
        out.put(item.getLong("seq"), new Entry(item.getLong("seq"), name, type, matches));
        previous = object;
      }
    }
    return out;
  }

  private static List<JsonObject> history(Api api, String cluster, String ns, String name) {
    List<JsonObject> all = new ArrayList<>();
    String after = "0";
    while (after != null) {
      Api.Response r =
          api.get(
              "/api/v1/history?cluster="
                  + cluster
                  + "&apiVersion=apps/v1&kind=Deployment&namespace="
                  + ns
                  + "&name="
                  + name
                  + "&limit=1000&after="
                  + after);
      if (r.status() != 200) {
        throw new IllegalStateException("history of " + name + " -> " + r.status() + r.body());
      }
      JsonObject page = r.json();
      page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
      after = page.getValue("next") == null ? null : String.valueOf(page.getLong("next"));
    }
    return all;
  }

  private static Object spec(JsonObject o) {
    return o == null ? null : o.getValue("spec");
  }

  private static Object labels(JsonObject o) {
    JsonObject meta = o == null ? null : o.getJsonObject("metadata");
    return meta == null ? null : meta.getValue("labels");
  }

  /** The seqs of matching entries, of the objects {@code named} (or of all but them). */
  static NavigableSet<Long> matching(Map<Long, Entry> journal, Set<String> named, boolean of) {
    TreeSet<Long> out = new TreeSet<>();
    journal.values().stream()
        .filter(e -> e.matches() && named.contains(e.name()) == of)
        .forEach(e -> out.add(e.seq()));
    return out;
  }

  /**
   * A deliverer's death and its replacement: the sink's stored cursor read just before the kill,
   * the kill's end, and when the next deliverer (a restart or another replica) could start.
   */
  record Stop(long cursorBefore, Instant stoppedAt, Instant resumedAt) {}

  /**
   * Accepted seqs increase, but for at most one step back: from the last event accepted before the
   * stop to the first accepted after the resumption, where the new deliverer resends from the
   * stored cursor (so nothing at or below the cursor read before the stop comes again). A seq
   * accepted twice was accepted once before the stop and once after.
   */
  static void assertInOrderApartFromOneStepBack(List<HttpReceiver.Event> accepted, Stop stop) {
    int stepsBack = 0;
    for (int i = 1; i < accepted.size(); i++) {
      HttpReceiver.Event before = accepted.get(i - 1);
      HttpReceiver.Event now = accepted.get(i);
      if (now.seq() <= before.seq()) {
        stepsBack++;
        assertTrue(
            before.arrivedAt().isBefore(stop.stoppedAt())
                && !now.arrivedAt().isBefore(stop.resumedAt()),
            "seq "
                + now.seq()
                + " (at "
                + now.arrivedAt()
                + ") accepted after seq "
                + before.seq()
                + " (at "
                + before.arrivedAt()
                + "), not across "
                + stop);
      }
    }
    assertTrue(stepsBack <= 1, stepsBack + " steps back in " + seqs(accepted));
    List<Long> resentBelowCursor =
        accepted.stream()
            .filter(e -> !e.arrivedAt().isBefore(stop.resumedAt()))
            .map(HttpReceiver.Event::seq)
            .filter(seq -> seq <= stop.cursorBefore())
            .toList();
    assertEquals(
        List.of(), resentBelowCursor, "resent after " + stop + " though at or below its cursor");
    Map<Long, List<Instant>> times = new HashMap<>();
    accepted.forEach(
        e -> times.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e.arrivedAt()));
    times.forEach(
        (seq, at) -> {
          if (at.size() > 1) {
            assertEquals(2, at.size(), "seq " + seq + " accepted " + at.size() + " times: " + at);
            assertTrue(
                at.get(0).isBefore(stop.stoppedAt()) && !at.get(1).isBefore(stop.resumedAt()),
                "seq " + seq + " accepted twice, at " + at + ", not around " + stop);
          }
        });
  }

  /** One line on what a receiver went through, for whoever reads the test's output. */
  static String summary(HttpReceiver receiver, List<HttpReceiver.Event> accepted) {
    long distinct = accepted.stream().map(HttpReceiver.Event::seq).distinct().count();
    return "receiver: "
        + receiver.requests()
        + " requests, "
        + receiver.answered500()
        + " answered 5xx, "
        + receiver.answered400()
        + " answered 400, "
        + accepted.size()
        + " events accepted ("
        + (accepted.size() - distinct)
        + " twice): "
        + seqs(accepted);
  }

  /** Waits until the receiver accepted every one of {@code expected}, showing what it misses. */
  static void awaitAccepted(
      String what, Duration timeout, HttpReceiver receiver, Collection<Long> expected) {
    Api.await(
        what + " (the entries not accepted yet)",
        timeout,
        () -> {
          Set<Long> missing = new TreeSet<>(expected);
          receiver.acceptedSeqs().forEach(missing::remove);
          return missing;
        },
        Set::isEmpty);
  }

  static List<Long> seqs(List<HttpReceiver.Event> events) {
    return events.stream().map(HttpReceiver.Event::seq).toList();
  }

  /**
   * The value of a sample of {@code metric} tagged {@code sink="name"} in a Prometheus text page;
   * fails when there is none.
   */
  static double metric(String page, String metric, String sink) {
    Matcher m =
        Pattern.compile(
                "^"
                    + Pattern.quote(metric)
                    + "\\{[^}]*sink=\""
                    + Pattern.quote(sink)
                    + "\"[^}]*\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(page);
    assertTrue(m.find(), "no " + metric + "{sink=\"" + sink + "\"} in the metrics");
    return Double.parseDouble(m.group(1));
  }

  /** The item of {@code GET /api/v1/sinks} named {@code name}. */
  static JsonObject sink(Api api, String name) {
    return api.items("/api/v1/sinks").stream()
        .map(JsonObject.class::cast)
        .filter(s -> name.equals(s.getString("name")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no sink " + name + " in /api/v1/sinks"));
  }

  /** The sinks part of a configuration: {@code deployments} to the receiver, {@code nowhere}. */
  static String sinksYaml(String receiverUrl, String ns) {
    return """
        sinks:
          - name: deployments
            url: %s
            clusters: [alpha]
            kinds: [apps/Deployment]
            namespaces: [%s]
            changed: [/spec, /metadata/labels]
            maxAttempts: 2
            timeoutSeconds: 5
          - name: nowhere
            url: http://127.0.0.1:1/
        """
        .formatted(receiverUrl, ns);
  }
}
