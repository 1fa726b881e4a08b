package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.store.BodyCodec;
import io.allkinds.web.RealStore.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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
 * {@code /api/v1/compare} and {@code /api/v1/drift} over a real store on an H2 file: one ConfigMap
 * in three clusters (two alike, one different in data, each with its own status) and known to a
 * fourth that has no copy; compared across clusters and across instants, with and without status,
 * and how bad or unknown input is answered.
 */
@ExtendWith(VertxExtension.class)
class CompareRoutesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final String APP = "apiVersion=v1&kind=ConfigMap&namespace=ns&name=app";

  @TempDir Path dir;

  private final BodyCodec codec = new BodyCodec();
  private RealStore store;
  private Instant before;

  @BeforeEach
  void writeCopies() throws Exception {
    store = new RealStore(dir);
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      store.write(
          0,
          new StoreOp.ClusterStatus(c, "https://" + c, SyncState.WATCHING, null),
          new StoreOp.TypeStatus(c, CM, SyncState.WATCHING, null));
    }
    store.write(
        3, added("c1", "1", "1", "x"), added("c2", "1", "1", "y"), added("c3", "1", "2", "x"));
    before = Instant.now();
    awaitClockAfter(before.plusMillis(2));
    store.write(
        1, new StoreOp.WatchEvent("c1", CM, EventType.MODIFIED, configMap("c1", "2", "1", "z")));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private int serve(Vertx vertx) throws Exception {
    return store.serve(vertx, List.of(), () -> "", ApiLimits.DEFAULTS).port();
  }

  @Test
  void driftGroupsTheCopiesByContentLargestFirstWithoutStatusByDefault(Vertx vertx)
      throws Exception {
    int port = serve(vertx);
    JsonObject drift = ok(vertx, port, "/api/v1/drift?" + APP);
    assertEquals(3, drift.getInteger("clusters"));
    assertEquals(new JsonArray().add("c4"), drift.getJsonArray("missing"));
    JsonArray groups = drift.getJsonArray("groups");
    assertEquals(2, groups.size(), drift.encode());
    JsonObject largest = groups.getJsonObject(0);
    assertEquals(new JsonArray().add("c1").add("c2"), largest.getJsonArray("clusters"));
    assertEquals(2, largest.getInteger("size"));
    assertTrue(largest.getBoolean("largest"));
    assertEquals(new JsonArray(), largest.getJsonArray("patch"));
    JsonObject other = groups.getJsonObject(1);
    assertEquals(new JsonArray().add("c3"), other.getJsonArray("clusters"));
    assertFalse(other.getBoolean("largest"));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("op", "replace").put("path", "/data/k").put("value", "2")),
        other.getJsonArray("patch"));
    assertEquals(new JsonArray().add("/data"), other.getJsonArray("changed"));
  }

  @Test
  void withStatusEveryCopyIsItsOwnGroupTiesByFirstClusterName(Vertx vertx) throws Exception {
    int port = serve(vertx);
    JsonArray groups =
        ok(vertx, port, "/api/v1/drift?" + APP + "&ignoreStatus=false").getJsonArray("groups");
    assertEquals(3, groups.size(), groups.encode());
    assertEquals("c1", groups.getJsonObject(0).getJsonArray("clusters").getString(0));
    assertTrue(groups.getJsonObject(0).getBoolean("largest"));
    JsonObject c2 = groups.getJsonObject(1);
    assertEquals(new JsonArray().add("c2"), c2.getJsonArray("clusters"));
    assertEquals(new JsonArray().add("/status"), c2.getJsonArray("changed"));
    JsonObject c3 = groups.getJsonObject(2);
    assertEquals(new JsonArray().add("c3"), c3.getJsonArray("clusters"));
    assertEquals(new JsonArray().add("/data").add("/status"), c3.getJsonArray("changed"));
  }

  @Test
  void compareAcrossClusters(Vertx vertx) throws Exception {
    int port = serve(vertx);
    JsonObject c =
        ok(vertx, port, "/api/v1/compare?" + APP + "&left=c1&right=c3&ignoreStatus=true");
    assertEquals(
        new JsonObject().put("cluster", "c1").put("found", true).put("resourceVersion", "2"),
        c.getJsonObject("left"));
    assertEquals("c3", c.getJsonObject("right").getString("cluster"));
    assertFalse(c.getBoolean("identical"));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("op", "replace").put("path", "/data/k").put("value", "2")),
        c.getJsonArray("patch"));
    assertEquals(new JsonArray().add("/data"), c.getJsonArray("changed"));

    JsonObject withStatus = ok(vertx, port, "/api/v1/compare?" + APP + "&left=c1&right=c2");
    assertFalse(withStatus.getBoolean("identical"), "status counts by default");
    assertEquals(new JsonArray().add("/status"), withStatus.getJsonArray("changed"));
    JsonObject same =
        ok(vertx, port, "/api/v1/compare?" + APP + "&left=c1&right=c2&ignoreStatus=true");
    assertTrue(same.getBoolean("identical"), same.encode());
    assertEquals(new JsonArray(), same.getJsonArray("patch"));
    assertEquals(new JsonArray(), same.getJsonArray("changed"));

    JsonObject oneSide = ok(vertx, port, "/api/v1/compare?" + APP + "&left=c1&right=c4");
    assertFalse(oneSide.getJsonObject("right").getBoolean("found"));
    assertFalse(oneSide.getBoolean("identical"));
  }

  @Test
  void compareAcrossInstants(Vertx vertx) throws Exception {
    int port = serve(vertx);
    JsonObject c = ok(vertx, port, "/api/v1/compare?" + APP + "&left=c1@" + before + "&right=c1");
    JsonObject left = c.getJsonObject("left");
    assertEquals("c1", left.getString("cluster"));
    assertTrue(left.containsKey("asOf"), left.encode());
    assertEquals("1", left.getString("resourceVersion"));
    assertEquals("2", c.getJsonObject("right").getString("resourceVersion"));
    assertFalse(c.getJsonObject("right").containsKey("asOf"));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("op", "replace").put("path", "/status/s").put("value", "z")),
        c.getJsonArray("patch"));
    assertTrue(
        ok(
                vertx,
                port,
                "/api/v1/compare?" + APP + "&left=c1@" + before + "&right=c1&ignoreStatus=true")
            .getBoolean("identical"));
  }

  @Test
  void badInputIsA400ThatNamesTheParameter(Vertx vertx) throws Exception {
    int port = serve(vertx);
    Map<String, String> cases =
        Map.of(
            "/api/v1/drift?kind=ConfigMap&namespace=ns&name=app",
            "apiVersion",
            "/api/v1/drift?apiVersion=v1&namespace=ns&name=app",
            "kind",
            "/api/v1/drift?apiVersion=v1&kind=ConfigMap&namespace=ns",
            "name",
            "/api/v1/drift?" + APP + "&ignoreStatus=maybe",
            "ignoreStatus",
            "/api/v1/drift?" + APP + "&left=c1",
            "left",
            "/api/v1/compare?" + APP + "&left=c1",
            "right",
            "/api/v1/compare?" + APP + "&left=c1@yesterday&right=c2",
            "left",
            "/api/v1/compare?" + APP + "&left=c1&right=@2026-01-01T00:00:00Z",
            "right",
            "/api/v1/compare?apiVersion=a/b/c&kind=ConfigMap&name=app&left=c1&right=c2",
            "apiVersion");
    for (var e : cases.entrySet()) {
      Answer a = RealStore.get(vertx, port, e.getKey());
      assertEquals(400, a.status(), e.getKey() + " -> " + a.body());
      assertEquals("bad_parameter", a.json().getString("error"), e.getKey());
      assertTrue(
          a.json().getString("message").contains("'" + e.getValue() + "'"),
          e.getKey() + ": " + a.body());
    }
  }

  @Test
  void anUnknownObjectIsA404(Vertx vertx) throws Exception {
    int port = serve(vertx);
    for (String uri :
        List.of(
            "/api/v1/drift?apiVersion=v1&kind=ConfigMap&namespace=ns&name=none",
            "/api/v1/drift?apiVersion=v1&kind=NoSuchKind&namespace=ns&name=app",
            "/api/v1/drift?apiVersion=v1&kind=ConfigMap&namespace=other&name=app",
            "/api/v1/compare?apiVersion=v1&kind=ConfigMap&namespace=ns&name=none&left=c1&right=c2",
            "/api/v1/compare?" + APP + "&left=nowhere&right=c1@2000-01-01T00:00:00Z")) {
      Answer a = RealStore.get(vertx, port, uri);
      assertEquals(404, a.status(), uri + " -> " + a.body());
      assertEquals("not_found", a.json().getString("error"), uri);
    }
  }

  private static JsonObject ok(Vertx vertx, int port, String uri) {
    Answer a = RealStore.get(vertx, port, uri);
    assertEquals(200, a.status(), uri + " -> " + a.body());
    return a.json();
  }

  private StoreOp added(String cluster, String rv, String value, String status) {
    return new StoreOp.WatchEvent(
        cluster, CM, EventType.ADDED, configMap(cluster, rv, value, status));
  }

  /** ConfigMap ns/app in {@code cluster}: data.k is {@code value}, status.s is {@code status}. */
  private ObservedObject configMap(String cluster, String rv, String value, String status) {
    String json =
        new JsonObject()
            .put("apiVersion", "v1")
            .put("kind", "ConfigMap")
            .put(
                "metadata",
                new JsonObject()
                    .put("name", "app")
                    .put("namespace", "ns")
                    .put("uid", "uid-" + cluster)
                    .put("resourceVersion", rv)
                    .put("creationTimestamp", "2026-01-01T00:00:0" + cluster.charAt(1) + "Z"))
            .put("data", new JsonObject().put("k", value))
            .put("status", new JsonObject().put("s", status))
            .encode();
    return new ObservedObject(
        "ns",
        "app",
        "uid-" + cluster,
        rv,
        Map.of(),
        Instant.parse("2026-01-01T00:00:00Z"),
        codec.encode(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void awaitClockAfter(Instant t) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Instant.now().isAfter(t)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock did not pass " + t);
      }
      Thread.onSpinWait();
    }
  }
}
