package io.allkinds.kubeapi;

import static io.allkinds.kubeapi.Cell.arr;
import static io.allkinds.kubeapi.Cell.obj;
import static io.allkinds.kubeapi.Cell.objects;
import static io.allkinds.kubeapi.Cell.orNone;
import static io.allkinds.kubeapi.Cell.str;
import static io.allkinds.kubeapi.TableLayout.age;
import static io.allkinds.kubeapi.TableLayout.column;
import static io.allkinds.kubeapi.TableLayout.name;
import static io.allkinds.kubeapi.TableLayout.wide;

import io.allkinds.model.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod's row as kube-apiserver prints it ({@code printPod} in printers.go): READY, STATUS (the
 * reason of the first unfinished init container, else of the last waiting or terminated container,
 * else the phase), RESTARTS with the time of the last one, and wide IP, NODE, NOMINATED NODE and
 * READINESS GATES.
 */
final class PodTable {

  static final TableLayout TABLE =
      new TableLayout(
          List.of(
              name(),
              column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
              column("Status", "The aggregate status of the containers in this pod."),
              column(
                  "Restarts",
                  "The number of times the containers in this pod have been restarted"
                      + " and when the last container in this pod has restarted."),
              age(),
              wide("IP", "IP address allocated to the pod."),
              wide("Node", "NodeName is a request to schedule this pod onto a specific node."),
              wide(
                  "Nominated Node",
                  "nominatedNodeName is set when this pod preempts other pods on the node."),
              wide(
                  "Readiness Gates",
                  "If specified, all readiness gates will be evaluated for pod readiness.")),
          PodTable::cells);

  private PodTable() {}

  static List<Object> cells(JsonObject pod, Instant now) {
    JsonObject meta = obj(pod, "metadata");
    JsonObject spec = obj(pod, "spec");
    JsonObject status = obj(pod, "status");
    List<JsonObject> initSpecs = objects(arr(spec, "initContainers"));
    Set<String> sidecars = new HashSet<>();
    for (JsonObject c : initSpecs) {
      if ("Always".equals(str(c, "restartPolicy"))) {
        sidecars.add(str(c, "name"));
      }
    }
    int total = arr(spec, "containers").size() + sidecars.size();
    int ready = 0;
    long restarts = 0;
    Instant lastRestart = null;
    String reason = str(status, "phase");
    if (!str(status, "reason").isEmpty()) {
      reason = str(status, "reason");
    }
    for (JsonObject c : objects(arr(status, "conditions"))) {
      if ("PodScheduled".equals(str(c, "type")) && "SchedulingGated".equals(str(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }
    boolean initializing = false;
    List<JsonObject> inits = objects(arr(status, "initContainerStatuses"));
    for (int i = 0; i < inits.size(); i++) {
      JsonObject c = inits.get(i);
      restarts += Cell.num(c, "restartCount");
      lastRestart = later(lastRestart, obj(c, "lastState", "terminated"));
      JsonObject state = obj(c, "state");
      JsonObject terminated = obj(state, "terminated");
      JsonObject waiting = obj(state, "waiting");
      if (state.containsKey("terminated") && Cell.num(terminated, "exitCode") == 0) {
        continue;
      }
      if (sidecars.contains(str(c, "name")) && Boolean.TRUE.equals(c.getValue("started"))) {
        if (Boolean.TRUE.equals(c.getValue("ready"))) {
          ready++;
        }
        continue;
      }
      if (state.containsKey("terminated")) {
        reason = "Init:" + exit(terminated);
      } else if (!str(waiting, "reason").isEmpty()
          && !"PodInitializing".equals(str(waiting, "reason"))) {
        reason = "Init:" + str(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initSpecs.size();
      }
      initializing = true;
      break;
    }
    if (!initializing || condition(status, "Initialized")) {
      boolean running = false;
      List<JsonObject> containers = objects(arr(status, "containerStatuses"));
      for (int i = containers.size() - 1; i >= 0; i--) {
        JsonObject c = containers.get(i);
        restarts += Cell.num(c, "restartCount");
        lastRestart = later(lastRestart, obj(c, "lastState", "terminated"));
        JsonObject state = obj(c, "state");
        if (!str(obj(state, "waiting"), "reason").isEmpty()) {
          reason = str(obj(state, "waiting"), "reason");
        } else if (state.containsKey("terminated")) {
          reason = exit(obj(state, "terminated"));
        } else if (state.containsKey("running") && Boolean.TRUE.equals(c.getValue("ready"))) {
          running = true;
          ready++;
        }
      }
      if ("Completed".equals(reason) && running) {
        reason = condition(status, "Ready") ? "Running" : "NotReady";
      }
    }
    if (meta.containsKey("deletionTimestamp")) {
      reason = "NodeLost".equals(str(status, "reason")) ? "Unknown" : "Terminating";
    }
    String restartText =
        lastRestart == null
            ? String.valueOf(restarts)
            : restarts + " (" + Age.of(lastRestart, now) + " ago)";
    String ip = str(status, "podIP");
    if (!arr(status, "podIPs").isEmpty()) {
      ip = str(objects(arr(status, "podIPs")).get(0), "ip");
    }
    return List.of(
        str(meta, "name"),
        ready + "/" + total,
        reason,
        restartText,
        Cell.age(pod, now),
        orNone(ip),
        orNone(str(spec, "nodeName")),
        orNone(str(status, "nominatedNodeName")),
        readinessGates(spec, status));
  }

  /** A terminated container's reason, or its signal or exit code when it gives none. */
  private static String exit(JsonObject terminated) {
    if (!str(terminated, "reason").isEmpty()) {
      return str(terminated, "reason");
    }
    long signal = Cell.num(terminated, "signal");
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + Cell.num(terminated, "exitCode");
  }

  private static Instant later(Instant last, JsonObject terminated) {
    Instant finished = Timestamps.parseOrNull(terminated.getString("finishedAt"));
    return finished != null && (last == null || finished.isAfter(last)) ? finished : last;
  }

  private static boolean condition(JsonObject status, String type) {
    for (JsonObject c : objects(arr(status, "conditions"))) {
      if (type.equals(str(c, "type")) && "True".equals(str(c, "status"))) {
        return true;
      }
    }
    return false;
  }

  private static String readinessGates(JsonObject spec, JsonObject status) {
    List<JsonObject> gates = objects(arr(spec, "readinessGates"));
    if (gates.isEmpty()) {
      return Cell.NONE;
    }
    int met = 0;
    for (JsonObject g : gates) {
      if (condition(status, str(g, "conditionType"))) {
        met++;
      }
    }
    return met + "/" + gates.size();
  }
}
