package io.allkinds.kubeapi;

import io.allkinds.model.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small readers of stored object JSON that the built-in printers share, as printers.go has them.
 */
final class Cell {

  static final String NONE = "<none>";

  private Cell() {}

  /** The object at {@code path} (field names), or an empty one when any step is absent. */
  static JsonObject obj(JsonObject o, String... path) {
    JsonObject at = o;
    for (String p : path) {
      Object v = at.getValue(p);
      at = v instanceof JsonObject j ? j : new JsonObject();
    }
    return at;
  }

  /** The object's metadata.name. */
  static String objectName(JsonObject o) {
    return str(obj(o, "metadata"), "name");
  }

  static JsonArray arr(JsonObject o, String field) {
    return o.getValue(field) instanceof JsonArray a ? a : new JsonArray();
  }

  static String str(JsonObject o, String field) {
    Object v = o.getValue(field);
    return v == null ? "" : String.valueOf(v);
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? NONE : s;
  }

  static long num(JsonObject o, String field) {
    return o.getValue(field) instanceof Number n ? n.longValue() : 0;
  }

  /** The objects of an array (other elements skipped). */
  static List<JsonObject> objects(JsonArray a) {
    List<JsonObject> out = new ArrayList<>();
    for (Object e : a) {
      if (e instanceof JsonObject j) {
        out.add(j);
      }
    }
    return out;
  }

  /** An age since {@code field}'s timestamp, {@code <unknown>} when absent. */
  static String since(JsonObject o, String field, Instant now) {
    return Age.of(Timestamps.parseOrNull(o.getString(field)), now);
  }

  static String age(JsonObject object, Instant now) {
    return since(obj(object, "metadata"), "creationTimestamp", now);
  }

  /** {@code labels.FormatLabels}: {@code k=v,k2=v2} sorted by key, {@code <none>} when empty. */
  static String labels(JsonObject map) {
    Map<String, Object> sorted = new TreeMap<>(map.getMap());
    List<String> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(k + "=" + (v == null ? "" : v)));
    return out.isEmpty() ? NONE : String.join(",", out);
  }

  /**
   * A LabelSelector as {@code metav1.LabelSelectorAsSelector(...).String()} prints it: sorted
   * requirements, {@code k=v}, {@code k in (a,b)}, {@code k notin (a)}, {@code k}, {@code !k}.
   */
  static String selector(JsonObject selector) {
    // by key, then by text: Go sorts the requirements by key (stably, matchLabels first)
    Map<String, String> sorted = new TreeMap<>();
    obj(selector, "matchLabels")
        .forEach(e -> sorted.put(e.getKey() + "\u0000", e.getKey() + "=" + e.getValue()));
    for (JsonObject e : objects(arr(selector, "matchExpressions"))) {
      String key = str(e, "key");
      List<String> values = new ArrayList<>();
      arr(e, "values").forEach(v -> values.add(String.valueOf(v)));
      values.sort(null);
      String text =
          switch (str(e, "operator")) {
            case "In" -> key + " in (" + String.join(",", values) + ")";
            case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> key + " " + str(e, "operator");
          };
      sorted.put(key + "\u0000" + text, text);
    }
    return String.join(",", sorted.values());
  }

  /** A pod template's container names and images, each joined by commas. */
  static List<Object> containers(JsonObject podSpec) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonObject c : objects(arr(podSpec, "containers"))) {
      names.add(str(c, "name"));
      images.add(str(c, "image"));
    }
    return List.of(String.join(",", names), String.join(",", images));
  }

  /** The IPs or host names of a load balancer's ingress points, joined by commas. */
  static String loadBalancer(JsonObject status) {
    List<String> out = new ArrayList<>();
    for (JsonObject i : objects(arr(obj(status, "loadBalancer"), "ingress"))) {
      if (!str(i, "ip").isEmpty()) {
        out.add(str(i, "ip"));
      } else if (!str(i, "hostname").isEmpty()) {
        out.add(str(i, "hostname"));
      }
    }
    return String.join(",", out);
  }
}
