package io.allkinds.kubeapi;

import io.allkinds.model.ObjectQuery;
import io.allkinds.model.ObjectSummary;
import io.allkinds.model.ResourceType;
import io.allkinds.store.InventoryQueries;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The short names, categories and printer columns of resources, from the built-in table or, for
 * custom resources, from their CustomResourceDefinition as the store holds it (at the same
 * instant).
 */
final class CrdNames {

  private final InventoryQueries inventory;

  CrdNames(InventoryQueries inventory) {
    this.inventory = inventory;
  }

  /**
   * The names of {@code type} in {@code clusters} (the first that has its CRD; any when none is
   * named) at {@code at} (null: now); blocking.
   */
  ResourceNames of(List<String> clusters, Instant at, ResourceType type) {
    if (KnownNames.known(type)) {
      return KnownNames.of(type);
    }
    try {
      return crd(clusters, at, type)
          .map(
              crd -> {
                JsonObject names =
                    crd.getJsonObject("spec", new JsonObject())
                        .getJsonObject("names", new JsonObject());
                return new ResourceNames(
                    strings(names, "shortNames"), strings(names, "categories"));
              })
          .orElse(ResourceNames.NONE);
    } catch (ClassCastException e) {
      return ResourceNames.NONE; // a CRD of an unexpected shape names nothing
    }
  }

  /**
   * The printer columns of a custom resource's CRD at the type's version; none for a built-in type,
   * or a CRD that declares none or is not in the store. Blocking.
   */
  List<PrinterColumn> columns(List<String> clusters, Instant at, ResourceType type) {
    if (KnownNames.known(type)) {
      return List.of();
    }
    try {
      return crd(clusters, at, type)
          .map(crd -> PrinterColumn.of(crd, type.version()))
          .orElse(List.of());
    } catch (ClassCastException e) {
      return List.of(); // a CRD of an unexpected shape: NAME and AGE
    }
  }

  /**
   * The stored CRD of a custom resource type, if the store has it (and it is JSON of its shape).
   */
  private Optional<JsonObject> crd(List<String> clusters, Instant at, ResourceType type) {
    List<ObjectSummary> crd =
        inventory
            .list(
                ObjectQuery.ofType(
                    clusters,
                    "apiextensions.k8s.io",
                    "customresourcedefinitions",
                    "",
                    type.groupResource(),
                    List.of(),
                    1,
                    null,
                    at))
            .items();
    if (crd.isEmpty() || crd.get(0).objectJson() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JsonObject(crd.get(0).objectJson()));
    } catch (DecodeException e) {
      return Optional.empty(); // not JSON: names nothing
    }
  }

  private static List<String> strings(JsonObject names, String field) {
    List<String> out = new ArrayList<>();
    JsonArray values = names.getJsonArray(field, new JsonArray());
    for (Object v : values) {
      if (v instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }
}
