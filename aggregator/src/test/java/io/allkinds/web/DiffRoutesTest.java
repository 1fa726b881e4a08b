package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.web.RealStore.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/diff} deployed as the application deploys it, over a real store on an H2 file: bad
 * input is a 400 naming the parameter; an answer has the contract's shape.
 */
@ExtendWith(VertxExtension.class)
class DiffRoutesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  @TempDir Path dir;

  private RealStore store;

  @BeforeEach
  void openStore() throws Exception {
    store = new RealStore(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private int serve(Vertx vertx) throws Exception {
    return store.serve(vertx, List.of(), () -> "", ApiLimits.DEFAULTS).port();
  }

  private static String t(Instant i) {
    return URLEncoder.encode(i.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void badInputIsA400ThatNamesTheParameter(Vertx vertx) throws Exception {
    int port = serve(vertx);
    String from = t(Instant.now().minus(Duration.ofHours(1)));
    Map<String, String> cases =
        Map.of(
            "/api/v1/diff",
            "from",
            "/api/v1/diff?from=yesterday",
            "from",
            "/api/v1/diff?from=" + from + "&to=2001-01-01T00:00:00Z",
            "to",
            "/api/v1/diff?from=" + from + "&to=soon",
            "to",
            "/api/v1/diff?from=" + from + "&limit=0",
            "limit",
            "/api/v1/diff?from=" + from + "&limit=lots",
            "limit",
            "/api/v1/diff?from=" + from + "&continue=bm90LWEtdG9rZW4",
            "continue",
            "/api/v1/diff?from=" + from + "&continue=%5B",
            "continue",
            "/api/v1/diff?from=" + from + "&changed=spec",
            "changed",
            "/api/v1/diff?from=" + from + "&name=a",
            "name");
    for (var c : cases.entrySet()) {
      Answer a = RealStore.get(vertx, port, c.getKey());
      assertEquals(400, a.status(), c.getKey() + " -> " + a.body());
      assertEquals("bad_parameter", a.json().getString("error"), c.getKey());
      assertTrue(
          a.json().getString("message").contains("'" + c.getValue() + "'"),
          c.getKey() + ": " + a.body());
    }
  }

  @Test
  void answersGroupsOfItemsAndPagesWithAToken(Vertx vertx) throws Exception {
    int port = serve(vertx);
    Instant from = Instant.now().minus(Duration.ofMinutes(5));
    store.write(0, new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null));
    store.write(
        3,
        new StoreOp.WatchEvent("c1", CM, EventType.ADDED, store.configMap("a", "u1", "10", "1")),
        new StoreOp.WatchEvent("c1", CM, EventType.ADDED, store.configMap("b", "u2", "11", "1")),
        new StoreOp.WatchEvent(
            "c1", CM, EventType.MODIFIED, store.configMap("a", "u1", "12", "2")));
    JsonObject all = RealStore.get(vertx, port, "/api/v1/diff?from=" + t(from)).json();
    assertNull(all.getValue("next"), all.encode());
    assertTrue(all.getLong("toSeq") > all.getLong("fromSeq"), all.encode());
    assertEquals(t(from).replace("%3A", ":"), all.getString("from"));
    JsonArray groups = all.getJsonArray("groups");
    assertEquals(1, groups.size(), all.encode());
    JsonObject group = groups.getJsonObject(0);
    assertEquals("v1", group.getString("apiVersion"));
    assertEquals("ConfigMap", group.getString("kind"));
    JsonArray items = group.getJsonArray("items");
    assertEquals(2, items.size(), all.encode());
    JsonObject a = items.getJsonObject(0);
    JsonObject b = items.getJsonObject(1);
    assertEquals("b", b.getString("name"), "in the order of their first changes");
    assertEquals("a", a.getString("name"));
    assertEquals("added", a.getString("change"));
    assertEquals(2, a.getInteger("changes"));
    assertEquals("c1", a.getString("cluster"));
    assertEquals("ns", a.getString("namespace"));
    assertEquals("u1", a.getString("uid"));
    assertFalse(a.getBoolean("statusOnly"));
    assertFalse(a.containsKey("changed"), "an addition's paths are unknown");
    assertTrue(a.getLong("firstSeq") < a.getLong("lastSeq"));
    assertTrue(a.containsKey("firstAt") && a.containsKey("lastAt") && a.containsKey("actors"));

    JsonObject first = RealStore.get(vertx, port, "/api/v1/diff?limit=1&from=" + t(from)).json();
    String next = first.getString("next");
    assertTrue(next != null && !next.isEmpty(), first.encode());
    JsonObject second =
        RealStore.get(vertx, port, "/api/v1/diff?limit=1&from=" + t(from) + "&continue=" + next)
            .json();
    assertEquals(
        "b",
        second
            .getJsonArray("groups")
            .getJsonObject(0)
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("name"),
        second.encode());
    String last = second.getString("next");
    if (last != null) { // a full page cannot tell that nothing follows: the next one is empty
      JsonObject third =
          RealStore.get(vertx, port, "/api/v1/diff?limit=1&from=" + t(from) + "&continue=" + last)
              .json();
      assertTrue(third.getJsonArray("groups").isEmpty(), third.encode());
      assertNull(third.getValue("next"), third.encode());
    }
  }
}
