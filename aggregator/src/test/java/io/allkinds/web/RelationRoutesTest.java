package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.EventType;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.allkinds.model.SyncState;
import io.allkinds.web.RealStore.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/relations} served as the application serves it: its answer, 400s and 404s. */
@ExtendWith(VertxExtension.class)
class RelationRoutesTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final String A =
      "/api/v1/relations?cluster=c1&apiVersion=v1&kind=ConfigMap&namespace=ns&name=a";

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
  void badParametersAre400sThatNameThem(Vertx vertx) throws Exception {
    int port = serve(vertx);
    for (String[] c :
        List.of(
            new String[] {A + "&depth=0", "depth"},
            new String[] {A + "&depth=6", "depth"},
            new String[] {A + "&depth=deep", "depth"},
            new String[] {A + "&asOf=yesterday", "asOf"},
            new String[] {A + "&colour=red", "colour"},
            new String[] {"/api/v1/relations?cluster=c1&kind=ConfigMap&name=a", "apiVersion"},
            new String[] {"/api/v1/relations?apiVersion=v1&kind=ConfigMap&name=a", "cluster"},
            new String[] {"/api/v1/relations?cluster=c1&apiVersion=v1&kind=ConfigMap", "name"},
            new String[] {
              "/api/v1/relations?cluster=c1&apiVersion=a/b/c&kind=ConfigMap&name=a", "apiVersion"
            })) {
      Answer a = RealStore.get(vertx, port, c[0]);
      assertEquals(400, a.status(), c[0] + " -> " + a.body());
      assertEquals("bad_parameter", a.json().getString("error"), c[0]);
      assertTrue(a.json().getString("message").contains("'" + c[1] + "'"), c[0] + ": " + a.body());
    }
  }

  @Test
  void anUnknownObjectIsA404AndAKnownOneItsNeighbourhood(Vertx vertx) throws Exception {
    int port = serve(vertx);
    store.write(0, new StoreOp.TypeStatus("c1", CM, SyncState.WATCHING, null));
    store.write(
        1,
        new StoreOp.WatchEvent("c1", CM, EventType.ADDED, store.configMap("a", "u1", "10", "1")));
    for (String uri :
        List.of(
            A.replace("name=a", "name=none"),
            A.replace("kind=ConfigMap", "kind=Gadget"),
            A.replace("cluster=c1", "cluster=c2"),
            A + "&asOf=2000-01-01T00:00:00Z")) {
      Answer a = RealStore.get(vertx, port, uri);
      assertEquals(404, a.status(), uri + " -> " + a.body());
      assertEquals("not_found", a.json().getString("error"), uri);
    }
    Answer a = RealStore.get(vertx, port, A);
    assertEquals(200, a.status(), a.body());
    JsonObject g = a.json();
    assertEquals("v1/ConfigMap/ns/a", g.getString("root"));
    assertFalse(g.getBoolean("truncated"));
    assertFalse(g.containsKey("asOf"));
    JsonObject root = g.getJsonArray("nodes").getJsonObject(0);
    assertEquals("u1", root.getString("uid"));
    assertEquals("ns", root.getString("namespace"));
    assertFalse(root.getBoolean("deleted"));
    assertEquals(0, g.getJsonArray("edges").size());
    Answer asOf = RealStore.get(vertx, port, A + "&asOf=2100-01-01T00:00:00Z&depth=5");
    assertEquals(200, asOf.status(), asOf.body());
    assertEquals("2100-01-01T00:00:00Z", asOf.json().getString("asOf"));
  }
}
