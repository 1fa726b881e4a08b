package io.allkinds.json;

import io.fabric8.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 6902 JSON Patches between successive versions of one object, fed oldest first. zjsonpatch
 * computes them on Jackson 3 trees: this is the one class of the product that touches Jackson 3
 * (the rest uses Vert.x JSON and Jackson 2), which {@code JacksonConfinementTest} keeps true.
 */
public final class JsonPatches {

  /** A patch as JSON text and the JSON pointers its operations change (targets and sources). */
  public record Patch(String json, List<String> paths) {

    public Patch {
      paths = List.copyOf(paths);
    }

    /**
     * Whether something at or under one of these JSON pointer prefixes changed: an op's path is the
     * prefix, lies under it, or replaces a document part that holds it.
     */
    public boolean touchesAny(List<String> prefixes) {
      for (String path : paths) {
        for (String prefix : prefixes) {
          if (path.equals(prefix)
              || path.startsWith(prefix + "/")
              || prefix.startsWith(path + "/")
              || path.isEmpty()) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The version the next patch starts from; null before the first. */
  private JsonNode previous;

  /** Starts from {@code body}, a version whose own patch is not wanted (the one before a page). */
  public void startFrom(byte[] body) {
    previous = JSON.readTree(body);
  }

  /**
   * The patch from the version before to {@code body}, as JSON text: {@code null} when there is no
   * version before.
   */
  public String next(byte[] body) {
    JsonNode node = JSON.readTree(body);
    String patch = previous == null ? "null" : JsonDiff.asJson(previous, node).toString();
    previous = node;
    return patch;
  }

  /** The patch that turns {@code before} into {@code after} (both JSON documents). */
  public static Patch between(byte[] before, byte[] after) {
    JsonNode ops = JsonDiff.asJson(JSON.readTree(before), JSON.readTree(after));
    List<String> paths = new ArrayList<>();
    for (JsonNode op : ops) {
      paths.add(op.path("path").asString());
      if (op.has("from")) {
        paths.add(op.path("from").asString());
      }
    }
    return new Patch(ops.toString(), paths);
  }
}
