package io.allkinds.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The short state a relationships node shows from its object's body: a Pod's phase (or why a
 * container waits) and its ready containers, a workload's ready and desired replicas, a claim's or
 * volume's phase, a node's Ready condition, a Job's outcome.
 */
final class NodeStates {

  private static final Set<String> KINDS =
      Set.of(
          "Pod",
          "Deployment",
          "ReplicaSet",
          "StatefulSet",
          "ReplicationController",
          "DaemonSet",
          "Job",
          "PersistentVolumeClaim",
          "PersistentVolume",
          "Node",
          "Namespace");

  private NodeStates() {}

  /** Whether {@code kind} has a state, so that its body is worth reading. */
  static boolean has(String kind) {
    return KINDS.contains(kind);
  }

  /** The state of an object of {@code kind}, or null when its body tells none. */
  static String of(String kind, JsonNode body) {
    JsonNode spec = body.path("spec");
    JsonNode status = body.path("status");
    String state =
        switch (kind) {
          case "Pod" -> pod(body, status);
          case "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController" ->
              status.path("readyReplicas").asLong(0)
                  + "/"
                  + spec.path("replicas").asLong(1)
                  + " ready";
          case "DaemonSet" ->
              status.path("numberReady").asLong(0)
                  + "/"
                  + status.path("desiredNumberScheduled").asLong(0)
                  + " ready";
          case "Job" -> job(status);
          case "PersistentVolumeClaim", "PersistentVolume", "Namespace" ->
              status.path("phase").asText("");
          case "Node" -> node(status);
          default -> "";
        };
    return state.isEmpty() ? null : state;
  }

  private static String pod(JsonNode body, JsonNode status) {
    if (!body.path("metadata").path("deletionTimestamp").isMissingNode()) {
      return "Terminating";
    }
    String phase = status.path("phase").asText("");
    JsonNode containers = status.path("containerStatuses");
    if (!containers.isArray() || containers.isEmpty()) {
      return phase;
    }
    int ready = 0;
    String waiting = "";
    for (JsonNode c : containers) {
      if (c.path("ready").asBoolean(false)) {
        ready++;
      }
      String reason = c.path("state").path("waiting").path("reason").asText("");
      if (waiting.isEmpty() && !reason.isEmpty()) {
        waiting = reason;
      }
    }
    String shown = waiting.isEmpty() ? phase : waiting;
    return (shown.isEmpty() ? "" : shown + " ") + ready + "/" + containers.size() + " ready";
  }

  private static String job(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      String type = c.path("type").asText("");
      if (("Complete".equals(type) || "Failed".equals(type))
          && "True".equals(c.path("status").asText(""))) {
        return type;
      }
    }
    long active = status.path("active").asLong(0);
    return active > 0 ? active + " active" : "";
  }

  private static String node(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText(""))) {
        return switch (c.path("status").asText("")) {
          case "True" -> "Ready";
          case "False" -> "NotReady";
          default -> "Unknown";
        };
      }
    }
    return "";
  }
}
