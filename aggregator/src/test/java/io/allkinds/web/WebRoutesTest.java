package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web routes deployed as the application deploys them, over a real store on an H2 file: how
 * they answer bad input, missing things, a full query pool, and requests without a token.
 */
@ExtendWith(VertxExtension.class)
class WebRoutesTest {

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

  @Test
  void aMalformedParameterIsA400ThatNamesIt(Vertx vertx) throws Exception {
    int port = serve(vertx);
    for (String uri :
        List.of(
            "/api/v1/objects?limit=lots",
            "/api/v1/objects?limit=0",
            "/api/v1/objects?labelSelector=app%20in%20(a",
            "/api/v1/objects?includeDeleted=maybe",
            "/api/v1/objects?asOf=yesterday",
            "/api/v1/changes?after=-1",
            "/api/v1/clusters?cluster=c1",
            "/api/v1/history?cluster=c1&kind=ConfigMap&name=a")) {
      Answer a = RealStore.get(vertx, port, uri);
      assertEquals(400, a.status(), uri + " -> " + a.body());
      assertEquals("bad_parameter", a.json().getString("error"), uri);
      String param =
          uri.contains("history") ? "apiVersion" : uri.replaceAll(".*\\?([^=]+)=.*", "$1");
      assertTrue(a.json().getString("message").contains("'" + param + "'"), uri + ": " + a.body());
    }
  }

  @Test
  void theKubernetesApiIsBehindTheTokensAndAnswersInStatusObjects(Vertx vertx) throws Exception {
    int port = store.serve(vertx, List.of("s3cret"), () -> "", ApiLimits.DEFAULTS).port();
    assertEquals(401, RealStore.get(vertx, port, "/k8s/clusters/c1/api").status());
    Answer unknown =
        RealStore.get(
            vertx, port, "/k8s/clusters/nowhere/api", Map.of("Authorization", "Bearer s3cret"));
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("Status", unknown.json().getString("kind"));
    assertEquals("NotFound", unknown.json().getString("reason"));
    assertEquals(404, unknown.json().getInteger("code"));
    Answer badInstant =
        RealStore.get(
            vertx,
            port,
            "/k8s/clusters/c1/at/yesterday/api",
            Map.of("Authorization", "Bearer s3cret"));
    assertEquals(400, badInstant.status(), badInstant.body());
    assertEquals("BadRequest", badInstant.json().getString("reason"));
  }

  @Test
  void whatDoesNotExistIsA404(Vertx vertx) throws Exception {
    int port = serve(vertx);
    for (String uri :
        List.of(
            "/api/v1/nothing-here",
            "/api/v1/object?cluster=c1&apiVersion=v1&kind=ConfigMap&namespace=ns&name=none",
            "/api/v1/history?uid=no-such-uid")) {
      Answer a = RealStore.get(vertx, port, uri);
      assertEquals(404, a.status(), uri + " -> " + a.body());
      assertEquals("not_found", a.json().getString("error"), uri);
    }
  }

  @Test
  void historyCarriesAPatchFromEachVersionToTheNext(Vertx vertx) throws Exception {
    int port = serve(vertx);
    store.write(0, new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null));
    store.write(
        2,
        new StoreOp.WatchEvent("c1", CM, EventType.ADDED, store.configMap("a", "u1", "10", "1")),
        new StoreOp.WatchEvent(
            "c1", CM, EventType.MODIFIED, store.configMap("a", "u1", "11", "2")));

    JsonArray byUid =
        RealStore.get(vertx, port, "/api/v1/history?uid=u1").json().getJsonArray("items");
    JsonArray byIdentity =
        RealStore.get(
                vertx,
                port,
                "/api/v1/history?cluster=c1&apiVersion=v1&kind=ConfigMap&namespace=ns&name=a")
            .json()
            .getJsonArray("items");
    assertEquals(byUid, byIdentity, "the uid and the identity name the same history");
    assertEquals(2, byUid.size(), byUid.encode());
    assertNull(byUid.getJsonObject(0).getValue("patch"), "the first version has no patch");
    assertTrue(
        byUid.getJsonObject(1).getJsonArray("patch").contains(replace("/data/k", "2")),
        byUid.encode());
    assertEquals(1, byUid.getJsonObject(1).getJsonArray("patch").size(), "bookkeeping is left out");
    JsonArray withBookkeeping =
        RealStore.get(vertx, port, "/api/v1/history?uid=u1&bookkeeping=true")
            .json()
            .getJsonArray("items");
    assertTrue(
        withBookkeeping
            .getJsonObject(1)
            .getJsonArray("patch")
            .contains(replace("/metadata/resourceVersion", "11")),
        withBookkeeping.encode());
    assertEquals(
        400,
        RealStore.get(vertx, port, "/api/v1/history?uid=u1&bookkeeping=maybe").status(),
        "a malformed toggle is refused");

    long first = byUid.getJsonObject(0).getLong("seq");
    JsonArray after =
        RealStore.get(vertx, port, "/api/v1/history?uid=u1&after=" + first)
            .json()
            .getJsonArray("items");
    assertEquals(1, after.size(), after.encode());
    assertEquals(
        byUid.getJsonObject(1).getJsonArray("patch"),
        after.getJsonObject(0).getJsonArray("patch"),
        "a page that starts after an entry patches from that entry");
  }

  private static JsonObject replace(String path, String value) {
    return new JsonObject().put("op", "replace").put("path", path).put("value", value);
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders(Vertx vertx) throws Exception {
    int port = serve(vertx);
    for (String uri : List.of("/healthz", "/api/v1/clusters", "/api/v1/nothing-here", "/")) {
      Answer a = RealStore.get(vertx, port, uri);
      assertEquals(SecurityHeaders.CSP, a.headers().get("Content-Security-Policy"), uri);
      assertEquals("nosniff", a.headers().get("X-Content-Type-Options"), uri);
      assertEquals("DENY", a.headers().get("X-Frame-Options"), uri);
      assertEquals("no-referrer", a.headers().get("Referrer-Policy"), uri);
      assertEquals("same-origin", a.headers().get("Cross-Origin-Opener-Policy"), uri);
    }
  }

  @Test
  void withTokensTheApiAndMetricsRefuseARequestWithoutOne(Vertx vertx) throws Exception {
    int port = store.serve(vertx, List.of("s3cret"), () -> "up 1\n", ApiLimits.DEFAULTS).port();
    for (String uri : List.of("/api/v1/clusters", "/api/v1/openapi.yaml", "/metrics")) {
      Answer missing = RealStore.get(vertx, port, uri);
      assertEquals(401, missing.status(), uri + " -> " + missing.body());
      assertEquals("unauthorized", missing.json().getString("error"), uri);
      assertEquals("Bearer realm=\"allkinds\"", missing.headers().get("WWW-Authenticate"), uri);
      Answer wrong = RealStore.get(vertx, port, uri, Map.of("Authorization", "Bearer guess"));
      assertEquals(401, wrong.status(), uri + " -> " + wrong.body());
      Answer right = RealStore.get(vertx, port, uri, Map.of("Authorization", "Bearer s3cret"));
      assertEquals(200, right.status(), uri + " -> " + right.body());
    }
    assertEquals(200, RealStore.get(vertx, port, "/healthz").status(), "health needs no token");
  }

  @Test
  void aFullQueryPoolAnswers503BusyAtOnce(Vertx vertx) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // One query thread, no queue: a metrics scrape that waits holds the only place.
    int port =
        store
            .serve(
                vertx,
                List.of(),
                () -> {
                  entered.countDown();
                  try {
                    release.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return "scraped 1\n";
                },
                new ApiLimits(1, 0, 256, 1 << 20))
            .port();
    CompletableFuture<Answer> slow =
        CompletableFuture.supplyAsync(() -> RealStore.get(vertx, port, "/metrics"));
    assertTrue(entered.await(20, TimeUnit.SECONDS), "the scrape started");

    Answer busy = RealStore.get(vertx, port, "/api/v1/clusters");
    assertEquals(503, busy.status(), busy.body());
    assertEquals("busy", busy.json().getString("error"));
    assertEquals("1", busy.headers().get("Retry-After"));

    release.countDown();
    assertEquals("scraped 1\n", slow.get(20, TimeUnit.SECONDS).body());
    assertEquals(200, RealStore.get(vertx, port, "/api/v1/clusters").status(), "room again");
  }
}
