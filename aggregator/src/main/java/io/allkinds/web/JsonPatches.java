package io.allkinds.web;

import io.fabric8.zjsonpatch.JsonDiff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 6902 JSON Patches between successive versions of one object, fed oldest first. zjsonpatch
 * computes them on Jackson 3 trees: this is the one class of the product that touches Jackson 3
 * (the rest uses Vert.x JSON and Jackson 2), which {@code JacksonConfinementTest} keeps true.
 */
final class JsonPatches {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The version the next patch starts from; null before the first. */
  private JsonNode previous;

  /** Starts from {@code body}, a version whose own patch is not wanted (the one before a page). */
  void startFrom(byte[] body) {
    previous = JSON.readTree(body);
  }

  /**
   * The patch from the version before to {@code body}, as JSON text: {@code null} when there is no
   * version before.
   */
  String next(byte[] body) {
    JsonNode node = JSON.readTree(body);
    String patch = previous == null ? "null" : JsonDiff.asJson(previous, node).toString();
    previous = node;
    return patch;
  }
}
