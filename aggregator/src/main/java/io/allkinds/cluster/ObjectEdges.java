package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ResourceType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relationships an object states in its own body (see {@link EdgeRelation}): its owner
 * references; a Pod's node, service account, config maps, secrets and claims; a claim's volume; an
 * Ingress's backend Services. A pure function of the body: once each, in a fixed order (owners,
 * then the kind's own references in the order the body names them).
 */
final class ObjectEdges {

  private ObjectEdges() {}

  /** The edges of {@code object}, a {@code type}, each once, in the order its body names them. */
  static List<ObjectEdge> of(ResourceType type, ObjectNode object) {
    Set<ObjectEdge> out = new LinkedHashSet<>();
    JsonNode meta = object.path("metadata");
    String namespace = meta.path("namespace").asText("");
    for (JsonNode ref : meta.path("ownerReferences")) {
      String name = ref.path("name").asText("");
      String kind = ref.path("kind").asText("");
      if (!name.isEmpty() && !kind.isEmpty()) {
        out.add(
            new ObjectEdge(
                EdgeRelation.OWNER,
                group(ref.path("apiVersion").asText("")),
                kind,
                namespace,
                name,
                ref.path("uid").asText("")));
      }
    }
    JsonNode spec = object.path("spec");
    String group = type.group();
    String resource = type.resource();
    if (group.isEmpty() && "pods".equals(resource)) {
      pod(spec, namespace, out);
    } else if (group.isEmpty() && "persistentvolumeclaims".equals(resource)) {
      core(out, EdgeRelation.VOLUME, "PersistentVolume", "", spec.path("volumeName"));
    } else if ("ingresses".equals(resource)
        && ("networking.k8s.io".equals(group) || "extensions".equals(group))) {
      ingress(spec, namespace, out);
    }
    return List.copyOf(out);
  }

  private static void pod(JsonNode spec, String ns, Set<ObjectEdge> out) {
    core(out, EdgeRelation.NODE, "Node", "", spec.path("nodeName"));
    JsonNode account = spec.path("serviceAccountName");
    core(
        out,
        EdgeRelation.SERVICE_ACCOUNT,
        "ServiceAccount",
        ns,
        text(account).isEmpty() ? spec.path("serviceAccount") : account);
    for (JsonNode v : spec.path("volumes")) {
      core(out, EdgeRelation.CONFIG_MAP, "ConfigMap", ns, v.path("configMap").path("name"));
      core(out, EdgeRelation.SECRET, "Secret", ns, v.path("secret").path("secretName"));
      core(
          out,
          EdgeRelation.CLAIM,
          "PersistentVolumeClaim",
          ns,
          v.path("persistentVolumeClaim").path("claimName"));
      for (JsonNode source : v.path("projected").path("sources")) {
        core(out, EdgeRelation.CONFIG_MAP, "ConfigMap", ns, source.path("configMap").path("name"));
        core(out, EdgeRelation.SECRET, "Secret", ns, source.path("secret").path("name"));
      }
    }
    for (JsonNode s : spec.path("imagePullSecrets")) {
      core(out, EdgeRelation.SECRET, "Secret", ns, s.path("name"));
    }
    for (String containers : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode c : spec.path(containers)) {
        for (JsonNode env : c.path("env")) {
          JsonNode from = env.path("valueFrom");
          core(
              out,
              EdgeRelation.CONFIG_MAP,
              "ConfigMap",
              ns,
              from.path("configMapKeyRef").path("name"));
          core(out, EdgeRelation.SECRET, "Secret", ns, from.path("secretKeyRef").path("name"));
        }
        for (JsonNode from : c.path("envFrom")) {
          core(
              out,
              EdgeRelation.CONFIG_MAP,
              "ConfigMap",
              ns,
              from.path("configMapRef").path("name"));
          core(out, EdgeRelation.SECRET, "Secret", ns, from.path("secretRef").path("name"));
        }
      }
    }
  }

  private static void ingress(JsonNode spec, String ns, Set<ObjectEdge> out) {
    backend(spec.path("defaultBackend"), ns, out);
    backend(spec.path("backend"), ns, out);
    for (JsonNode rule : spec.path("rules")) {
      for (JsonNode path : rule.path("http").path("paths")) {
        backend(path.path("backend"), ns, out);
      }
    }
  }

  /** networking.k8s.io/v1 {@code service.name}, or extensions/v1beta1 {@code serviceName}. */
  private static void backend(JsonNode backend, String ns, Set<ObjectEdge> out) {
    JsonNode name = backend.path("service").path("name");
    core(
        out,
        EdgeRelation.BACKEND,
        "Service",
        ns,
        text(name).isEmpty() ? backend.path("serviceName") : name);
  }

  /** An edge to a core-group object, when {@code name} is a non-empty string. */
  private static void core(
      Set<ObjectEdge> out, EdgeRelation relation, String kind, String ns, JsonNode name) {
    String n = text(name);
    if (!n.isEmpty()) {
      out.add(new ObjectEdge(relation, "", kind, ns, n, ""));
    }
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : "";
  }

  /** The group of an apiVersion: {@code apps} of {@code apps/v1}, {@code ""} of {@code v1}. */
  private static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
