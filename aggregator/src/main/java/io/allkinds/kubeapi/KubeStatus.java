package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.allkinds.store.QueryTooSlowException;
import io.allkinds.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failed request as a Kubernetes {@code Status}: HTTP code, reason, message and the object it is
 * about, so that kubectl prints it as it prints the real server's errors.
 */
final class KubeStatus extends RuntimeException {

  private final int code;
  private final String reason;
  private final JsonObject details;

  KubeStatus(int code, String reason, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The answer kube-apiserver gives for a path it does not serve. */
  static KubeStatus noSuchPath() {
    return new KubeStatus(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  /** {@code configmaps "x" not found}, {@code deployments.apps "x" not found}, as kube says it. */
  static KubeStatus notFound(ResourceType type, String name) {
    JsonObject details = new JsonObject().put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.resource());
    return new KubeStatus(
        404, "NotFound", type.groupResource() + " \"" + name + "\" not found", details);
  }

  static KubeStatus clusterNotFound(String cluster) {
    return new KubeStatus(
        404,
        "NotFound",
        "cluster \"" + cluster + "\" not found in the store",
        new JsonObject().put("name", cluster).put("kind", "clusters"));
  }

  static KubeStatus badRequest(String message) {
    return new KubeStatus(400, "BadRequest", message, null);
  }

  static KubeStatus methodNotAllowed(String message) {
    return new KubeStatus(405, "MethodNotAllowed", message, null);
  }

  /** A watch from a resourceVersion older than the journal keeps, as kube-apiserver words it. */
  static KubeStatus expired(long asked, long oldest) {
    return new KubeStatus(
        410, "Expired", "too old resource version: " + asked + " (" + oldest + ")", null);
  }

  /**
   * The Status of a store read that failed: 503 when the store is out of reach or too slow (the
   * client retries), else 500.
   */
  static KubeStatus storeFailure(Throwable cause) {
    boolean transient_ =
        cause instanceof QueryTooSlowException
            || (cause instanceof StoreException store && store.unavailable());
    return transient_
        ? new KubeStatus(503, "ServiceUnavailable", "the store cannot be read right now", null)
        : new KubeStatus(500, "InternalError", "internal error; see the aggregator's log", null);
  }

  /**
   * A get by name under the fleet root that several clusters answer: 409, naming them (the first
   * {@link ObjectReads#MAX_CLUSTERS_NAMED}).
   */
  static KubeStatus inSeveralClusters(ResourceType type, String name, List<String> clusters) {
    return new KubeStatus(
        409,
        "Conflict",
        type.resource()
            + " \""
            + name
            + "\" is in several clusters: "
            + String.join(", ", clusters)
            + "; ask one of them (/k8s/clusters/{cluster}) or select by label "
            + FleetScope.KEY,
        null);
  }

  /** Too many open watches. */
  static KubeStatus tooManyWatches(int max) {
    return new KubeStatus(
        429,
        "TooManyRequests",
        "the server has " + max + " watches open, as many as it serves; retry shortly",
        null);
  }

  static KubeStatus notAcceptable(String message) {
    return new KubeStatus(406, "NotAcceptable", message, null);
  }

  /** The reason kube-apiserver gives with an HTTP code. */
  static String reasonFor(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 406 -> "NotAcceptable";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "BadRequest";
    };
  }

  int code() {
    return code;
  }

  /** The {@code Status} object. */
  JsonObject toJson() {
    JsonObject status =
        new JsonObject()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("metadata", new JsonObject())
            .put("status", "Failure")
            .put("message", getMessage())
            .put("reason", reason);
    if (details != null) {
      status.put("details", details);
    }
    return status.put("code", code);
  }
}
