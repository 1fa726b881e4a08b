package io.allkinds.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** The relationships an object states in its own body (see {@link EdgeRelation}). */
final class ObjectEdges {

  private ObjectEdges() {}

  /** The edges of {@code object}, a {@code type}, in the order its body names them. */
  static List<ObjectEdge> of(ResourceType type, ObjectNode object) {
    List<ObjectEdge> out = new ArrayList<>();
    JsonNode meta = object.path("metadata");
    String namespace = meta.path("namespace").asText("");
    for (JsonNode ref : meta.path("ownerReferences")) {
      String apiVersion = ref.path("apiVersion").asText("");
      int slash = apiVersion.indexOf('/');
      out.add(
          new ObjectEdge(
              EdgeRelation.OWNER,
              slash < 0 ? "" : apiVersion.substring(0, slash),
              ref.path("kind").asText(""),
              namespace,
              ref.path("name").asText(""),
              ref.path("uid").asText("")));
    }
    return out;
  }
}
