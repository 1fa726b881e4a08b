package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ResourceType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

  @Test
  void equalityTermsNarrowAndMatch() {
    FieldSelector f = FieldSelector.parse("metadata.name=web, metadata.namespace==shop");
    assertEquals("web", f.equal(FieldSelector.NAME));
    assertEquals("shop", f.equal(FieldSelector.NAMESPACE));
    assertTrue(f.matches(null, "shop", "web", null));
    assertFalse(f.matches(null, "shop", "api", null));
    assertFalse(f.matches(null, "other", "web", null));
  }

  @Test
  void inequalityFiltersWithoutNarrowing() {
    FieldSelector f = FieldSelector.parse("metadata.name!=web");
    assertNull(f.equal(FieldSelector.NAME));
    assertFalse(f.matches(null, "shop", "web", null));
    assertTrue(f.matches(null, "shop", "api", null));
  }

  @Test
  void emptyMatchesEverythingAndEscapesAreHonoured() {
    assertEquals(List.of(), FieldSelector.parse("").terms());
    assertEquals(List.of(), FieldSelector.parse(null).terms());
    assertTrue(FieldSelector.parse(" ").matches(null, "", "x", null));
    assertEquals("a,b", FieldSelector.parse("metadata.name=a\\,b").equal(FieldSelector.NAME));
  }

  @Test
  void contradictoryTermsMatchNothing() {
    FieldSelector f = FieldSelector.parse("metadata.name=a,metadata.name=b");
    assertFalse(f.matches(null, "", "a", null));
    assertFalse(f.matches(null, "", "b", null));
  }

  @Test
  void fieldsTheKindIsNotSelectedByAreBadRequestsNamingThem() {
    FieldSelector f = FieldSelector.parse("spec.nodeName=n1");
    f.checkFor(POD);
    KubeStatus unknown = assertThrows(KubeStatus.class, () -> f.checkFor(SECRET));
    assertEquals(400, unknown.code());
    assertEquals("field label not supported: spec.nodeName", unknown.getMessage());
    assertEquals("BadRequest", unknown.toJson().getString("reason"));
    assertThrows(
        KubeStatus.class, () -> FieldSelector.parse("spec.nodeName=n1").checkFor(EVENTS_K8S_IO));
    FieldSelector.parse("metadata.name=a,metadata.namespace=b").checkFor(SECRET);
  }

  @Test
  void badSyntaxIsABadRequest() {
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("metadata.name"));
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("=x"));
    assertThrows(KubeStatus.class, () -> FieldSelector.parse("metadata.name!x"));
  }

  @Test
  void podFieldsAreReadFromTheObject() {
    byte[] pod =
        bytes(
            "{\"spec\":{\"nodeName\":\"n1\",\"hostNetwork\":true},"
                + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.7\"}}");
    assertTrue(matches("status.phase=Running,spec.nodeName=n1", POD, pod));
    assertFalse(matches("status.phase=Pending", POD, pod));
    assertTrue(matches("status.phase!=Pending", POD, pod));
    assertTrue(matches("spec.hostNetwork=true,status.podIP==10.0.0.7", POD, pod));
    assertTrue(matches("metadata.name=web,status.phase=Running", POD, pod));
    assertFalse(matches("metadata.name=db,status.phase=Running", POD, pod));
  }

  @Test
  void absentFieldsCompareAsKubesZeroValues() {
    byte[] empty = bytes("{\"spec\":{}}");
    assertTrue(matches("spec.nodeName=", POD, empty));
    assertTrue(matches("spec.nodeName!=n1", POD, empty));
    assertTrue(matches("spec.hostNetwork=false", POD, empty));
    assertTrue(matches("status.phase=", POD, empty));
    ResourceType jobs = new ResourceType("batch", "v1", "jobs", "Job", true);
    assertTrue(matches("status.successful=0", jobs, empty));
    assertTrue(matches("status.successful=2", jobs, bytes("{\"status\":{\"succeeded\":2}}")));
    ResourceType nodes = new ResourceType("", "v1", "nodes", "Node", false);
    assertTrue(matches("spec.unschedulable=false", nodes, empty));
    assertTrue(
        matches("spec.unschedulable=true", nodes, bytes("{\"spec\":{\"unschedulable\":true}}")));
  }

  @Test
  void eventAndSecretFields() {
    ResourceType events = new ResourceType("", "v1", "events", "Event", true);
    byte[] event =
        bytes(
            "{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web\"},\"reason\":\"Killing\","
                + "\"source\":{\"component\":\"kubelet\"},\"type\":\"Normal\","
                + "\"reportingComponent\":\"kubelet\"}");
    assertTrue(
        matches(
            "involvedObject.kind=Pod,involvedObject.name=web,reason=Killing,type=Normal",
            events,
            event));
    assertTrue(matches("source=kubelet,reportingComponent=kubelet", events, event));
    assertFalse(matches("type=Warning", events, event));
    assertTrue(matches("type=Opaque", SECRET, bytes("{\"type\":\"Opaque\"}")));
    assertFalse(matches("type=Opaque", SECRET, bytes("{\"type\":\"kubernetes.io/tls\"}")));
  }

  @Test
  void onlyTermsBeyondNameAndNamespaceReadContent() {
    assertFalse(FieldSelector.parse("metadata.name=web,metadata.namespace=shop").readsContent());
    assertTrue(FieldSelector.parse("metadata.name=web,status.phase=Running").readsContent());
    assertFalse(FieldSelector.NONE.readsContent());
  }

  @Test
  void metadataTermsNeedNoBody() {
    assertTrue(FieldSelector.parse("metadata.name=web").matches(POD, "shop", "web", null));
  }

  private static final ResourceType POD = new ResourceType("", "v1", "pods", "Pod", true);

  private static final ResourceType SECRET = new ResourceType("", "v1", "secrets", "Secret", true);

  private static final ResourceType EVENTS_K8S_IO =
      new ResourceType("events.k8s.io", "v1", "events", "Event", true);

  private static boolean matches(String selector, ResourceType type, byte[] body) {
    FieldSelector f = FieldSelector.parse(selector);
    f.checkFor(type);
    return f.matches(type, "shop", "web", new JsonObject(Buffer.buffer(body)));
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
