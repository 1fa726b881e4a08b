package io.allkinds.kubeapi;

import java.util.Locale;

/**
 * How an answer is rendered, from the {@code Accept} header as kubectl sends it: the object (or
 * list) as JSON, or a meta.k8s.io Table ({@code application/json;as=Table;v=v1;g=meta.k8s.io}) at
 * that version. Media types are taken in the order given; parameters other than {@code as}, {@code
 * g} and {@code v} are ignored.
 *
 * @param tableVersion null for JSON, else the Table's version ({@code v1} or {@code v1beta1})
 */
record Rendering(String tableVersion) {

  static final Rendering JSON = new Rendering(null);

  boolean table() {
    return tableVersion != null;
  }

  /** The Table's apiVersion, e.g. {@code meta.k8s.io/v1}. */
  String tableApiVersion() {
    return "meta.k8s.io/" + tableVersion;
  }

  /**
   * The first rendering {@code accept} asks for that this API has; JSON when the header is absent.
   * A header that accepts neither JSON nor a Table is a 406 Status.
   */
  static Rendering of(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      String as = null;
      String group = null;
      String version = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        String value = kv.length == 2 ? kv[1].trim() : "";
        switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
          case "as" -> as = value;
          case "g" -> group = value;
          case "v" -> version = value;
          default -> {
            // q, charset, stream and the like change nothing here
          }
        }
      }
      if (!type.equals("application/json")
          && !type.equals("application/*")
          && !type.equals("*/*")) {
        continue;
      }
      if (as == null) {
        return JSON;
      }
      if (as.equals("Table")
          && "meta.k8s.io".equals(group)
          && ("v1".equals(version) || "v1beta1".equals(version))) {
        return new Rendering(version);
      }
    }
    throw KubeStatus.notAcceptable(
        "only application/json, as an object or as a meta.k8s.io Table, can be served; asked: "
            + accept);
  }
}
