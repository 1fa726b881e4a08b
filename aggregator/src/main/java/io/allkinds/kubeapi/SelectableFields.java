package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The fields beyond {@code metadata.name} and {@code metadata.namespace} that kube-apiserver
 * selects a built-in kind's objects by, and where each is read in the stored object.
 */
final class SelectableFields {

  /**
   * One selectable field.
   *
   * @param path the keys leading to the value in the object's JSON
   * @param absent the value the field has when the object leaves it out, as kube's Go zero value
   *     prints ({@code ""}, {@code false}, {@code 0})
   */
  record Field(List<String> path, String absent) {

    Field {
      path = List.copyOf(path);
    }

    /** The field's value in {@code object}, as kube-apiserver compares it: a string. */
    String read(JsonObject object) {
      Object at = object;
      for (String key : path) {
        if (!(at instanceof JsonObject o)) {
          return absent;
        }
        at = o.getValue(key);
      }
      return at == null || at instanceof JsonObject ? absent : at.toString();
    }
  }

  private static final String TEXT = "";

  private static final Map<String, Map<String, Field>> BY_TYPE =
      Map.of(
          "pods",
          Map.of(
              "spec.nodeName", field(TEXT, "spec", "nodeName"),
              "spec.restartPolicy", field(TEXT, "spec", "restartPolicy"),
              "spec.schedulerName", field(TEXT, "spec", "schedulerName"),
              "spec.serviceAccountName", field(TEXT, "spec", "serviceAccountName"),
              "spec.hostNetwork", field("false", "spec", "hostNetwork"),
              "status.phase", field(TEXT, "status", "phase"),
              "status.podIP", field(TEXT, "status", "podIP"),
              "status.nominatedNodeName", field(TEXT, "status", "nominatedNodeName")),
          "events",
          Map.ofEntries(
              Map.entry("involvedObject.kind", field(TEXT, "involvedObject", "kind")),
              Map.entry("involvedObject.namespace", field(TEXT, "involvedObject", "namespace")),
              Map.entry("involvedObject.name", field(TEXT, "involvedObject", "name")),
              Map.entry("involvedObject.uid", field(TEXT, "involvedObject", "uid")),
              Map.entry("involvedObject.apiVersion", field(TEXT, "involvedObject", "apiVersion")),
              Map.entry(
                  "involvedObject.resourceVersion",
                  field(TEXT, "involvedObject", "resourceVersion")),
              Map.entry("involvedObject.fieldPath", field(TEXT, "involvedObject", "fieldPath")),
              Map.entry("reason", field(TEXT, "reason")),
              Map.entry("reportingComponent", field(TEXT, "reportingComponent")),
              Map.entry("source", field(TEXT, "source", "component")),
              Map.entry("type", field(TEXT, "type"))),
          "secrets",
          Map.of("type", field(TEXT, "type")),
          "namespaces",
          Map.of("status.phase", field(TEXT, "status", "phase")),
          "nodes",
          Map.of("spec.unschedulable", field("false", "spec", "unschedulable")),
          "replicasets.apps",
          Map.of("status.replicas", field("0", "status", "replicas")),
          "replicationcontrollers",
          Map.of("status.replicas", field("0", "status", "replicas")),
          "jobs.batch",
          Map.of("status.successful", field("0", "status", "succeeded")),
          "services",
          Map.of(
              "spec.clusterIP", field(TEXT, "spec", "clusterIP"),
              "spec.type", field(TEXT, "spec", "type")),
          "certificatesigningrequests.certificates.k8s.io",
          Map.of("spec.signerName", field(TEXT, "spec", "signerName")));

  private SelectableFields() {}

  /** The field {@code name} of {@code type}'s objects, or null when kube does not select by it. */
  static Field of(ResourceType type, String name) {
    return BY_TYPE.getOrDefault(type.groupResource(), Map.of()).get(name);
  }

  private static Field field(String absent, String... path) {
    return new Field(List.of(path), absent);
  }
}
