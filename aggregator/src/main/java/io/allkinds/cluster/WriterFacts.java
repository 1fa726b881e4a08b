package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.allkinds.model.FieldManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Who wrote an object, as the object itself tells it: its {@code managedFields} entries (read
 * before they are dropped) and the tool its annotations or labels name: Helm's release, Argo CD's
 * tracking id, Flux's Kustomization or HelmRelease.
 */
final class WriterFacts {

  private WriterFacts() {}

  /** The field managers of {@code meta}, in the order the API server lists them. */
  static List<FieldManager> managers(JsonNode meta) {
    List<FieldManager> out = new ArrayList<>();
    for (JsonNode entry : meta.path("managedFields")) {
      out.add(
          new FieldManager(
              entry.path("manager").asText(""),
              entry.path("operation").asText(""),
              entry.path("subresource").asText(""),
              entry.path("time").asText(""),
              Long.toHexString(ObjectParts.hash(entry.path("fieldsV1")))));
    }
    return out;
  }

  /**
   * {@code helm:<namespace>/<release>}, {@code argocd:<application>} or {@code
   * flux:<namespace>/<name>}; null when none of them names itself.
   */
  static String appliedBy(JsonNode meta) {
    JsonNode annotations = meta.path("annotations");
    JsonNode labels = meta.path("labels");
    String helm = annotations.path("meta.helm.sh/release-name").asText("");
    if (!helm.isEmpty()) {
      return "helm:" + annotations.path("meta.helm.sh/release-namespace").asText("") + "/" + helm;
    }
    String argo = annotations.path("argocd.argoproj.io/tracking-id").asText("");
    if (!argo.isEmpty()) {
      int colon = argo.indexOf(':');
      return "argocd:" + (colon < 0 ? argo : argo.substring(0, colon));
    }
    for (String controller : new String[] {"kustomize", "helm"}) {
      String name = labels.path(controller + ".toolkit.fluxcd.io/name").asText("");
      if (!name.isEmpty()) {
        return "flux:"
            + labels.path(controller + ".toolkit.fluxcd.io/namespace").asText("")
            + "/"
            + name;
      }
    }
    return null;
  }
}
