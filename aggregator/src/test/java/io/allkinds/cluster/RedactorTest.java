package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
    JsonObject out = new JsonObject(r.redact(DEPLOYMENTS, DEPLOYMENT).json());
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
    JsonObject out = new JsonObject(r.redact(DEPLOYMENTS, DEPLOYMENT).json());
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
    assertSame(DEPLOYMENT, r.redact(PODS, DEPLOYMENT).json());
    assertNull(r.redact(PODS, DEPLOYMENT).labels());
  }

  @Test
  void aRedactedObjectLosesItsLastAppliedCopyAndItsLabelsAreReadAgain() {
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
    Redactor.Redacted out =
        r.redact(new ResourceType("", "v1", "configmaps", "ConfigMap", true), applied);
    JsonObject o = new JsonObject(out.json());
    assertEquals("<redacted>", o.getJsonObject("data").getString("k"));
    assertFalse(
        o.getJsonObject("metadata")
            .getJsonObject("annotations")
            .containsKey("kubectl.kubernetes.io/last-applied-configuration"));
    assertEquals("me", o.getJsonObject("metadata").getJsonObject("annotations").getString("keep"));
    assertEquals(java.util.Map.of("team", "a", "token", "<redacted>"), out.labels());
    assertFalse(out.json().contains("t0p"), out.json());
  }
}
