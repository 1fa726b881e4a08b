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

  /** What the API server changes on every write, left out of patches unless asked for. */
  private static final List<String> BOOKKEEPING =
      List.of("/metadata/resourceVersion", "/metadata/generation", "/metadata/managedFields");

  private final boolean bookkeeping;

  /** The version the next patch starts from; null before the first. */
  private JsonNode previous;

  /** Patches with every operation: applied in order, they rebuild each version exactly. */
  public JsonPatches() {
    this(true);
  }

  /**
   * {@code bookkeeping} false leaves out the operations on resourceVersion, generation and
   * managedFields, which every write changes and nobody reads a diff for.
   */
  public JsonPatches(boolean bookkeeping) {
    this.bookkeeping = bookkeeping;
  }

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
    if (previous == null) {
      previous = node;
      return "null";
    }
    JsonNode ops = JsonDiff.asJson(previous, node);
    previous = node;
    if (bookkeeping) {
      return ops.toString();
    }
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode op : ops) {
      if (!isBookkeeping(op.path("path").asString())) {
        kept.add(op);
      }
    }
    return JSON.createArrayNode().addAll(kept).toString();
  }

  private static boolean isBookkeeping(String path) {
    for (String b : BOOKKEEPING) {
      if (path.equals(b) || path.startsWith(b + "/")) {
        return true;
      }
    }
    return false;
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
