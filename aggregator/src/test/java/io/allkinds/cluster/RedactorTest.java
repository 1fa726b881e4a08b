package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.config.RedactionRule;
import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);
  private static final String DEPLOYMENT =
      """
      {"kind":"Deployment","metadata":{"name":"shop","annotations":{"a/b":"x","plain":"y"}},
       "spec":{"template":{"spec":{"containers":[
         {"name":"shop","env":[{"name":"DB_PASSWORD","value":"p1"},{"name":"LOG","value":"debug"}]},
         {"name":"side","env":[{"name":"API_TOKEN","value":"t1"},{"name":"NOVALUE"}]}]}}}}
      """;

  @Test
  void wildcardSegmentsAndANameConditionBlankOnlyMatchingValues() {
    Redactor r =
        new Redactor(
            List.of(
                new RedactionRule(
                    "apps",
                    "Deploy*",
                    List.of("/spec/template/spec/containers/*/env/*/value"),
                    Pattern.compile("(?i).*(password|token).*"))));
    JsonObject out = redacted(r, DEPLOYMENTS, DEPLOYMENT);
    var containers =
        out.getJsonObject("spec")
            .getJsonObject("template")
            .getJsonObject("spec")
            .getJsonArray("containers");
    assertEquals(
        "<redacted>",
        containers.getJsonObject(0).getJsonArray("env").getJsonObject(0).getString("value"));
    assertEquals(
        "debug",
        containers.getJsonObject(0).getJsonArray("env").getJsonObject(1).getString("value"));
    assertEquals(
        "<redacted>",
        containers.getJsonObject(1).getJsonArray("env").getJsonObject(0).getString("value"));
    assertEquals(
        null, containers.getJsonObject(1).getJsonArray("env").getJsonObject(1).getValue("value"));
  }

  @Test
  void escapedPointerSegmentsAndIndexesWork() {
    Redactor r =
        new Redactor(
            List.of(
                new RedactionRule(
                    "*",
                    "*",
                    List.of("/metadata/annotations/a~1b", "/spec/template/spec/containers/1/name"),
                    null)));
    JsonObject out = redacted(r, DEPLOYMENTS, DEPLOYMENT);
    assertEquals(
        "<redacted>", out.getJsonObject("metadata").getJsonObject("annotations").getString("a/b"));
    assertEquals(
        "y", out.getJsonObject("metadata").getJsonObject("annotations").getString("plain"));
    var containers =
        out.getJsonObject("spec")
            .getJsonObject("template")
            .getJsonObject("spec")
            .getJsonArray("containers");
    assertEquals("shop", containers.getJsonObject(0).getString("name"));
    assertEquals("<redacted>", containers.getJsonObject(1).getString("name"));
  }

  @Test
  void typesNoRuleNamesPassThroughUntouched() {
    Redactor r =
        new Redactor(List.of(new RedactionRule("apps", "Deployment", List.of("/spec"), null)));
    ObjectNode tree = tree(DEPLOYMENT);
    assertFalse(r.redact(PODS, tree));
    assertEquals(tree(DEPLOYMENT), tree);
  }

  @Test
  void aRedactedObjectLosesItsLastAppliedCopy() {
    String applied =
        """
        {"kind":"ConfigMap","metadata":{"name":"c","labels":{"team":"a","token":"t0p"},
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"data\\":{\\"k\\":\\"v1\\"}}",
         "keep":"me"}},"data":{"k":"v1"}}
        """;
    Redactor r =
        new Redactor(
            List.of(
                new RedactionRule(
                    "", "ConfigMap", List.of("/data/k", "/metadata/labels/token"), null)));
    ObjectNode o = tree(applied);
    assertTrue(r.redact(new ResourceType("", "v1", "configmaps", "ConfigMap", true), o));
    assertEquals("<redacted>", o.path("data").path("k").asText());
    assertFalse(
        o.path("metadata")
            .path("annotations")
            .has("kubectl.kubernetes.io/last-applied-configuration"));
    assertEquals("me", o.path("metadata").path("annotations").path("keep").asText());
    assertEquals("<redacted>", o.path("metadata").path("labels").path("token").asText());
    assertFalse(o.toString().contains("t0p"), o.toString());
  }

  static ObjectNode tree(String json) {
    try {
      return (ObjectNode) new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject redacted(Redactor r, ResourceType type, String json) {
    ObjectNode tree = tree(json);
    r.redact(type, tree);
    return new JsonObject(tree.toString());
  }
}
