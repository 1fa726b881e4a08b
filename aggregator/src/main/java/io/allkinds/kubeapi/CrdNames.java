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

/**
 * The short names and categories of resources, from the built-in table or, for custom resources,
 * from their CustomResourceDefinition as the store holds it (at the same instant).
 */
final class CrdNames {

  private final InventoryQueries inventory;

  CrdNames(InventoryQueries inventory) {
    this.inventory = inventory;
  }

  /** The names of {@code type} in {@code cluster} at {@code at} (null: now); blocking. */
  ResourceNames of(String cluster, Instant at, ResourceType type) {
    if (KnownNames.known(type)) {
      return KnownNames.of(type);
    }
    List<ObjectSummary> crd =
        inventory
            .list(
                ObjectQuery.ofType(
                    cluster,
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
      return ResourceNames.NONE;
    }
    try {
      JsonObject names =
          new JsonObject(crd.get(0).objectJson())
              .getJsonObject("spec", new JsonObject())
              .getJsonObject("names", new JsonObject());
      return new ResourceNames(strings(names, "shortNames"), strings(names, "categories"));
    } catch (DecodeException | ClassCastException e) {
      return ResourceNames.NONE; // a CRD of an unexpected shape names nothing
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
