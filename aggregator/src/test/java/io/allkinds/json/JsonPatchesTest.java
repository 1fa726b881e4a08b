package io.allkinds.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject op(String op, String path, Object value) {
    JsonObject o = new JsonObject().put("op", op).put("path", path);
    return value == null ? o : o.put("value", value);
  }

  @Test
  void theFirstVersionHasNoPatchAndEachNextOneThePatchFromTheOneBefore() {
    JsonPatches patches = new JsonPatches();
    assertEquals("null", patches.next(json("{\"a\":1,\"b\":[1]}")));
    assertEquals(
        new JsonArray().add(op("replace", "/a", 2)),
        new JsonArray(patches.next(json("{\"a\":2,\"b\":[1]}"))));
    assertEquals(
        new JsonArray().add(op("remove", "/a", null)).add(op("add", "/b/1", 3)),
        new JsonArray(patches.next(json("{\"b\":[1,3]}"))));
    assertEquals(new JsonArray(), new JsonArray(patches.next(json("{\"b\":[1,3]}"))));
  }

  @Test
  void aChainCanStartFromAVersionWhosePatchIsNotWanted() {
    JsonPatches patches = new JsonPatches();
    patches.startFrom(json("{\"a\":1}"));
    assertEquals(
        new JsonArray().add(op("add", "/c", "x")),
        new JsonArray(patches.next(json("{\"a\":1,\"c\":\"x\"}"))));
  }
}
