package io.allkinds.kubeapi;

/**
 * How much of each object a Table row carries ({@code includeObject}): nothing, its metadata (the
 * default, as kube-apiserver's), or the whole object.
 */
enum IncludeObject {
  NONE,
  METADATA,
  OBJECT;

  /** The {@code includeObject} parameter's value; a 400 Status for another one. */
  static IncludeObject parse(String value) {
    if (value == null || value.isEmpty()) {
      return METADATA;
    }
    return switch (value) {
      case "None" -> NONE;
      case "Metadata" -> METADATA;
      case "Object" -> OBJECT;
      default ->
          throw KubeStatus.badRequest(
              "includeObject must be None, Metadata or Object, got '" + value + "'");
    };
  }
}
