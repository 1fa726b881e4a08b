package io.allkinds.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.testing.Api;
import io.allkinds.testing.KubeObjects;
import io.allkinds.testing.Kubectl;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The objects {@link ExplainTest} makes on its clusters (a Deployment as YAML for kubectl, a custom
 * resource with a status subresource, a Node a Pod is bound to), and readers of the API's answers.
 */
final class ExplainObjects {

  static final String GADGET_GROUP = "explain.allkinds.test";

  private ExplainObjects() {}

  /** A Deployment of one container, selected by {@code app=name}, as kubectl applies it. */
  static String deploymentYaml(String ns, String name, String image, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %2$s
          namespace: %1$s
          labels: {app: %2$s}
        spec:
          replicas: %4$d
          selector:
            matchLabels: {app: %2$s}
          template:
            metadata:
              labels: {app: %2$s}
            spec:
              containers:
              - name: app
                image: "%3$s"
        """
        .formatted(ns, name, image, replicas);
  }

  /** A ConfigMap with one key as kubectl applies it. */
  static String configMapYaml(String ns, String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
        data:
          v: "%s"
        """
        .formatted(name, ns, value);
  }

  /** A Gadget (the custom resource {@link #gadgetCrd} defines) as kubectl applies it. */
  static String gadgetYaml(String ns, String name, int size) {
    return """
        apiVersion: %s/v1
        kind: Gadget
        metadata:
          name: %s
          namespace: %s
        spec:
          size: %d
        """
        .formatted(GADGET_GROUP, name, ns, size);
  }

  /**
   * Creates the namespaced custom resource Gadget ({@code gadgets.explain.allkinds.test}), served
   * at v1 with a status subresource, and waits until it is served.
   */
  static void gadgetCrd(KubernetesClient client, Duration timeout) {
    String name = "gadgets." + GADGET_GROUP;
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withGroup(GADGET_GROUP)
                .withScope("Namespaced")
                .withNewNames()
                .withPlural("gadgets")
                .withSingular("gadget")
                .withKind("Gadget")
                .endNames()
                .withVersions(
                    new CustomResourceDefinitionVersionBuilder()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .withNewSubresources()
                        .withNewStatus()
                        .endStatus()
                        .endSubresources()
                        .withNewSchema()
                        .withNewOpenAPIV3Schema()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .endOpenAPIV3Schema()
                        .endSchema()
                        .build())
                .endSpec()
                .build())
        .create();
    KubeObjects.awaitEstablished(client, name, timeout);
  }

  /**
   * Creates a Node (there is no kubelet: it only stands for one) and binds the Pod to it, as a
   * scheduler would.
   */
  static void bindToNewNode(KubernetesClient client, String ns, String pod, String node) {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
        .create();
    client
        .bindings()
        .inNamespace(ns)
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(ns)
                .endMetadata()
                .withNewTarget()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node)
                .endTarget()
                .build())
        .create();
  }

  static Stream<JsonObject> stream(JsonArray a) {
    return a == null ? Stream.empty() : a.stream().map(JsonObject.class::cast);
  }

  /** A journal entry's {@code changed} paths; empty when unknown. */
  static List<String> paths(JsonObject e) {
    return stream(e, "changed").toList();
  }

  /** The managers among an entry's {@code actors}. */
  static Set<String> managers(JsonObject e) {
    Set<String> out = new TreeSet<>();
    stream(e.getJsonArray("actors")).forEach(a -> out.add(a.getString("manager")));
    return out;
  }

  static List<Long> seqs(JsonArray a) {
    return stream(a).map(e -> e.getLong("seq")).toList();
  }

  /** One line per entry: type, changed paths, actors. */
  static List<String> summary(JsonArray entries) {
    return stream(entries)
        .map(
            e ->
                e.getString("type")
                    + " "
                    + e.getValue("changed")
                    + " by "
                    + e.getValue("actors")
                    + " seq "
                    + e.getValue("seq"))
        .toList();
  }

  /** The strings of an array field, empty when absent. */
  static Stream<String> stream(JsonObject o, String field) {
    JsonArray a = o.getJsonArray(field);
    return a == null ? Stream.empty() : a.stream().map(String.class::cast);
  }

  /** The nodes of a relations answer of one kind. */
  static List<JsonObject> nodes(JsonObject relations, String kind) {
    return stream(relations.getJsonArray("nodes"))
        .filter(n -> kind.equals(n.getString("kind")))
        .toList();
  }

  /** Whether a relations answer has the edge {@code from -> to} of {@code relation}. */
  static boolean hasEdge(JsonObject relations, String from, String to, String relation) {
    return stream(relations.getJsonArray("edges"))
        .anyMatch(
            e ->
                from.equals(e.getString("from"))
                    && to.equals(e.getString("to"))
                    && relation.equals(e.getString("relation")));
  }

  /** The id a relations answer gives an object: apiVersion/kind/namespace/name. */
  static String id(JsonObject node) {
    return node.getString("apiVersion")
        + "/"
        + node.getString("kind")
        + "/"
        + node.getString("namespace", "")
        + "/"
        + node.getString("name");
  }

  /** name -> item of a diff page (each object once). */
  static Map<String, JsonObject> diffItems(JsonObject diff) {
    Map<String, JsonObject> out = new TreeMap<>();
    stream(diff.getJsonArray("groups"))
        .flatMap(g -> stream(g.getJsonArray("items")))
        .forEach(
            i ->
                assertEquals(
                    null, out.put(i.getString("name"), i), "listed once: " + i.getString("name")));
    return out;
  }

  /** The patch that sets data.level to {@code value}. */
  static JsonArray replaceLevel(String value) {
    return new JsonArray()
        .add(new JsonObject().put("op", "replace").put("path", "/data/level").put("value", value));
  }

  static ConfigMap configMap(String ns, String name, Map<String, String> data) {
    return withData(KubeObjects.configMap(ns, name, ""), data);
  }

  static ConfigMap withData(ConfigMap c, Map<String, String> data) {
    c.setData(data);
    return c;
  }

  static JsonObject ok(Api.Response r) {
    assertEquals(200, r.status(), "answer: " + r.body());
    return r.json();
  }

  static Kubectl.Result ok(Kubectl.Result r, String what) {
    assertEquals(0, r.exit(), "kubectl " + what + ": " + r);
    return r;
  }

  static String type(JsonObject e) {
    return e.getString("type");
  }

  /** Waits until the clock is past {@code after}, so that a window's edge falls between entries. */
  static void awaitClock(Instant after) {
    Api.await("the clock past " + after, ExplainTest.WAIT, Instant::now, now -> now.isAfter(after));
  }
}
