package io.allkinds.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a comparison leaves out of an object, the canonical form equal content takes whatever its
 * key order, and the patch and top paths between two contents.
 */
class ObjectNormalizerTest {

  private static byte[] bytes(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject normalized(JsonObject o, boolean ignoreStatus) {
    return new JsonObject(
        ObjectNormalizer.text(ObjectNormalizer.normalize(bytes(o), ignoreStatus)));
  }

  /** A ConfigMap as one cluster stores it: every field that always differs filled in. */
  private static JsonObject configMap(String uid, String rv, String value) {
    return new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "ConfigMap")
        .put(
            "metadata",
            new JsonObject()
                .put("name", "app")
                .put("namespace", "ns")
                .put("uid", uid)
                .put("resourceVersion", rv)
                .put("generation", 3)
                .put("creationTimestamp", "2026-01-0" + rv.charAt(0) + "T00:00:00Z")
                .put("deletionTimestamp", "2026-02-01T00:00:00Z")
                .put("selfLink", "/api/v1/namespaces/ns/configmaps/app")
                .put(
                    "managedFields",
                    new JsonArray().add(new JsonObject().put("manager", "kubectl")))
                .put(
                    "annotations",
                    new JsonObject()
                        .put(ObjectNormalizer.LAST_APPLIED, "{\"rv\":\"" + rv + "\"}")
                        .put("team", "a"))
                .put(
                    "ownerReferences",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("apiVersion", "v1")
                                .put("kind", "Owner")
                                .put("name", "o")
                                .put("uid", "owner-" + uid))))
        .put("data", new JsonObject().put("k", value))
        .put("status", new JsonObject().put("seen", rv));
  }

  @Test
  void theFieldsThatAlwaysDifferAreLeftOut() {
    JsonObject n = normalized(configMap("u1", "1", "v"), false);
    JsonObject meta = n.getJsonObject("metadata");
    for (String field : ObjectNormalizer.IGNORED_METADATA) {
      assertFalse(meta.containsKey(field), field + " in " + n);
    }
    assertEquals(new JsonObject().put("team", "a"), meta.getJsonObject("annotations"));
    JsonObject owner = meta.getJsonArray("ownerReferences").getJsonObject(0);
    assertFalse(owner.containsKey("uid"), owner.encode());
    assertEquals("o", owner.getString("name"));
    assertEquals("app", meta.getString("name"));
    assertEquals(new JsonObject().put("seen", "1"), n.getJsonObject("status"), "status is kept");
    assertFalse(normalized(configMap("u1", "1", "v"), true).containsKey("status"));
  }

  @Test
  void copiesThatDifferOnlyInIgnoredFieldsNormalizeToTheSameBytesAndHash() {
    byte[] a = ObjectNormalizer.normalize(bytes(configMap("u1", "1", "v")), true);
    byte[] b = ObjectNormalizer.normalize(bytes(configMap("u2", "2", "v")), true);
    assertEquals(ObjectNormalizer.text(a), ObjectNormalizer.text(b));
    assertEquals(ObjectNormalizer.hash(a), ObjectNormalizer.hash(b));
    byte[] withStatus = ObjectNormalizer.normalize(bytes(configMap("u2", "2", "v")), false);
    assertNotEquals(
        ObjectNormalizer.hash(ObjectNormalizer.normalize(bytes(configMap("u1", "1", "v")), false)),
        ObjectNormalizer.hash(withStatus),
        "status differs when it is compared");
    byte[] other = ObjectNormalizer.normalize(bytes(configMap("u3", "3", "w")), true);
    assertNotEquals(ObjectNormalizer.hash(a), ObjectNormalizer.hash(other));
  }

  @Test
  void keyOrderDoesNotMatterButArrayOrderDoes() {
    byte[] ab =
        ObjectNormalizer.normalize(
            "{\"b\":{\"y\":1,\"x\":2},\"a\":[2,1]}".getBytes(StandardCharsets.UTF_8), false);
    byte[] ba =
        ObjectNormalizer.normalize(
            "{\"a\":[2,1],\"b\":{\"x\":2,\"y\":1}}".getBytes(StandardCharsets.UTF_8), false);
    assertEquals("{\"a\":[2,1],\"b\":{\"x\":2,\"y\":1}}", ObjectNormalizer.text(ab));
    assertEquals(ObjectNormalizer.hash(ab), ObjectNormalizer.hash(ba));
    byte[] swapped =
        ObjectNormalizer.normalize(
            "{\"a\":[1,2],\"b\":{\"x\":2,\"y\":1}}".getBytes(StandardCharsets.UTF_8), false);
    assertNotEquals(ObjectNormalizer.hash(ab), ObjectNormalizer.hash(swapped));
  }

  @Test
  void anAnnotationsMapHoldingOnlyTheLastAppliedOneGoesWhole() {
    JsonObject o =
        new JsonObject()
            .put(
                "metadata",
                new JsonObject()
                    .put("name", "x")
                    .put("annotations", new JsonObject().put(ObjectNormalizer.LAST_APPLIED, "{}")));
    assertEquals(
        new JsonObject().put("metadata", new JsonObject().put("name", "x")), normalized(o, false));
  }

  @Test
  void whatIsNotAnObjectIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ObjectNormalizer.normalize("[1]".getBytes(StandardCharsets.UTF_8), false));
    assertThrows(
        IllegalArgumentException.class,
        () -> ObjectNormalizer.normalize("{".getBytes(StandardCharsets.UTF_8), false));
  }

  @Test
  void aComparisonGivesThePatchAndTheTopPathsItChanges() {
    byte[] from = ObjectNormalizer.normalize(bytes(configMap("u1", "1", "v")), false);
    JsonObject changed = configMap("u2", "2", "w");
    changed.getJsonObject("metadata").put("labels", new JsonObject().put("tier", "web"));
    byte[] to = ObjectNormalizer.normalize(bytes(changed), false);
    ContentComparison c = ContentComparison.of(from, to);
    assertFalse(c.identical());
    assertEquals(
        List.of("/data", "/metadata/labels", "/status"), c.changed().stream().sorted().toList());
    JsonArray patch = new JsonArray(c.patch());
    assertTrue(
        patch.contains(
            new JsonObject().put("op", "replace").put("path", "/data/k").put("value", "w")),
        patch.encode());
    ContentComparison same = ContentComparison.of(from, from);
    assertTrue(same.identical());
    assertEquals("[]", same.patch());
  }

  @Test
  void topPathsAreChildrenOfMetadataAndSpecAndOtherFieldsWhole() {
    assertEquals("/spec/replicas", io.allkinds.model.TopPaths.of("/spec/replicas"));
    assertEquals(
        "/spec/template", io.allkinds.model.TopPaths.of("/spec/template/spec/containers/0/image"));
    assertEquals("/metadata/labels", io.allkinds.model.TopPaths.of("/metadata/labels/app"));
    assertEquals("/status", io.allkinds.model.TopPaths.of("/status/conditions/0/type"));
    assertEquals("/data", io.allkinds.model.TopPaths.of("/data"));
    assertEquals("/data", io.allkinds.model.TopPaths.of("/data/k"));
    assertEquals("", io.allkinds.model.TopPaths.of(""));
  }
}
