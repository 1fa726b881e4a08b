package io.allkinds.cluster;

import static io.allkinds.cluster.RedactorTest.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.RedactionRule;
import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.store.BodyCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectEncoderTest {

  private static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);
  private static final ResourceType SECRETS = new ResourceType("", "v1", "secrets", "Secret", true);
  private static final String CONFIGMAP =
      """
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns","uid":"u1",
       "resourceVersion":"42","creationTimestamp":"2026-01-02T03:04:05Z",
       "labels":{"team":"a","token":"t0p"},
       "managedFields":[{"manager":"kubectl","operation":"Apply"}]},
       "data":{"k":"v1"}}
      """;

  private final BodyCodec codec = new BodyCodec();

  private ObjectEncoder encoder(boolean dropManagedFields, List<RedactionRule> rules) {
    return new ObjectEncoder(codec, dropManagedFields, new Redactor(rules));
  }

  private JsonObject body(ObservedObject o) {
    return new JsonObject(new String(codec.decode(o.body()), StandardCharsets.UTF_8));
  }

  @Test
  void readsIdentityAndIndexedFieldsFromTheTree() {
    ObservedObject o = encoder(false, List.of()).encode(CONFIGMAPS, tree(CONFIGMAP));
    assertEquals("ns", o.namespace());
    assertEquals("c", o.name());
    assertEquals("u1", o.uid());
    assertEquals("42", o.resourceVersion());
    assertEquals(Map.of("team", "a", "token", "t0p"), o.labels());
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), o.createdAt());
    assertEquals(tree(CONFIGMAP).toString(), body(o).encode(), "nothing dropped");
  }

  @Test
  void dropsManagedFieldsWhenConfigured() {
    ObservedObject o = encoder(true, List.of()).encode(CONFIGMAPS, tree(CONFIGMAP));
    assertFalse(body(o).getJsonObject("metadata").containsKey("managedFields"));
    assertEquals("v1", body(o).getJsonObject("data").getString("k"));
  }

  @Test
  void labelsAreReadAfterRedaction() {
    ObjectEncoder e =
        encoder(
            true,
            List.of(new RedactionRule("", "ConfigMap", List.of("/metadata/labels/token"), null)));
    ObservedObject o = e.encode(CONFIGMAPS, tree(CONFIGMAP));
    assertEquals(Map.of("team", "a", "token", "<redacted>"), o.labels());
    assertFalse(body(o).encode().contains("t0p"));
  }

  @Test
  void secretsKeepTheirKeyNamesOnly() {
    String secret =
        """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"ns",
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"data\\":{}}",
          "keep":"me"}},
         "data":{"password":"cDB3","user":"dTE="},"stringData":"odd","type":"Opaque"}
        """;
    ObservedObject o = encoder(true, List.of()).encode(SECRETS, tree(secret));
    JsonObject b = body(o);
    assertEquals(List.of("password", "user"), List.copyOf(b.getJsonObject("data").fieldNames()));
    assertTrue(b.getJsonObject("data").containsKey("password"));
    assertNull(b.getJsonObject("data").getValue("password"));
    assertFalse(b.containsKey("stringData"));
    assertFalse(b.encode().contains("cDB3"));
    assertEquals(
        Map.of("keep", "me"), b.getJsonObject("metadata").getJsonObject("annotations").getMap());
  }

  @Test
  void digestReadsManagersBeforeTheyAreDroppedAndHashesSecretsOnlyAfterRedaction() {
    ObservedObject o = encoder(true, List.of()).encode(CONFIGMAPS, tree(CONFIGMAP));
    assertEquals("kubectl", o.digest().managers().get(0).manager());
    assertEquals(
        java.util.Set.of("/metadata/labels", "/data"),
        o.digest().parts().keySet(),
        "identity and bookkeeping are not parts");
    String secret = CONFIGMAP.replace("\"kind\":\"ConfigMap\"", "\"kind\":\"Secret\"");
    ObservedObject a = encoder(true, List.of()).encode(SECRETS, tree(secret));
    ObservedObject b =
        encoder(true, List.of()).encode(SECRETS, tree(secret.replace("\"v1\"}", "\"v2\"}")));
    assertEquals(
        a.digest().parts().get("/data"),
        b.digest().parts().get("/data"),
        "a Secret's values leave no trace in its digest");
    assertNull(
        new ObjectEncoder(codec, true, new Redactor(List.of()), false)
            .encode(CONFIGMAPS, tree(CONFIGMAP))
            .digest(),
        "the benchmark's baseline has none");
  }
}
