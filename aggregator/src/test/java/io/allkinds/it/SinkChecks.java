package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.testing.Api;
import io.allkinds.testing.HttpReceiver;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
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
   * Accepted seqs increase, but for at most one step back: from the last event accepted before
   * {@code stoppedAt} (a kill) to the first accepted after {@code resumedAt} (a restart or a
   * takeover), where the new deliverer resends from the stored cursor. A seq accepted twice was
   * accepted once before the stop and once after.
   */
  static void assertInOrderApartFromOneStepBack(
      List<HttpReceiver.Event> accepted, Instant stoppedAt, Instant resumedAt) {
    int stepsBack = 0;
    for (int i = 1; i < accepted.size(); i++) {
      HttpReceiver.Event before = accepted.get(i - 1);
      HttpReceiver.Event now = accepted.get(i);
      if (now.seq() <= before.seq()) {
        stepsBack++;
        assertTrue(
            before.arrivedAt().isBefore(stoppedAt) && !now.arrivedAt().isBefore(resumedAt),
            "seq "
                + now.seq()
                + " (at "
                + now.arrivedAt()
                + ") accepted after seq "
                + before.seq()
                + " (at "
                + before.arrivedAt()
                + "), not across the stop at "
                + stoppedAt
                + " and resumption at "
                + resumedAt);
      }
    }
    assertTrue(stepsBack <= 1, stepsBack + " steps back in " + seqs(accepted));
    Map<Long, List<Instant>> times = new HashMap<>();
    accepted.forEach(
        e -> times.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e.arrivedAt()));
    times.forEach(
        (seq, at) -> {
          if (at.size() > 1) {
            assertEquals(2, at.size(), "seq " + seq + " accepted " + at.size() + " times: " + at);
            assertTrue(
                at.get(0).isBefore(stoppedAt) && !at.get(1).isBefore(resumedAt),
                "seq " + seq + " accepted twice, at " + at + ", not around the stop " + stoppedAt);
          }
        });
  }

  static List<Long> seqs(List<HttpReceiver.Event> events) {
    return events.stream().map(HttpReceiver.Event::seq).toList();
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
