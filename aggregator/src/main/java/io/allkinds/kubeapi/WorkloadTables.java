package io.allkinds.kubeapi;

import static io.allkinds.kubeapi.Cell.num;
import static io.allkinds.kubeapi.Cell.obj;
import static io.allkinds.kubeapi.Cell.str;
import static io.allkinds.kubeapi.TableLayout.age;
import static io.allkinds.kubeapi.TableLayout.column;
import static io.allkinds.kubeapi.TableLayout.integer;
import static io.allkinds.kubeapi.TableLayout.name;
import static io.allkinds.kubeapi.TableLayout.wide;

import io.allkinds.model.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows kube-apiserver prints for the apps and batch workloads (deployments, replica sets,
 * stateful sets, daemon sets, jobs, cron jobs), as printers.go computes them.
 */
final class WorkloadTables {

  private static final TableLayout.Column CONTAINERS =
      wide("Containers", "Names of each container in the template.");
  private static final TableLayout.Column IMAGES =
      wide("Images", "Images referenced by each container in the template.");
  private static final TableLayout.Column SELECTOR = wide("Selector", "Label selector for pods.");

  static final TableLayout DEPLOYMENTS =
      new TableLayout(
          List.of(
              name(),
              column("Ready", "Number of the pod with ready state"),
              integer(
                  "Up-to-date",
                  "Total number of non-terminated pods targeted by this"
                      + " deployment that have the desired template spec."),
              integer(
                  "Available",
                  "Total number of available pods (ready for at least"
                      + " minReadySeconds) targeted by this deployment."),
              age(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (o, now) ->
              row(
                  o,
                  num(status(o), "readyReplicas") + "/" + num(spec(o), "replicas"),
                  num(status(o), "updatedReplicas"),
                  num(status(o), "availableReplicas"),
                  Cell.age(o, now),
                  containers(o),
                  selector(o)));

  static final TableLayout REPLICA_SETS =
      new TableLayout(
          List.of(
              name(),
              integer("Desired", "Replicas is the number of desired replicas."),
              integer("Current", "Replicas is the most recently observed number of replicas."),
              integer("Ready", "The number of ready replicas for this replica set."),
              age(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (o, now) ->
              row(
                  o,
                  num(spec(o), "replicas"),
                  num(status(o), "replicas"),
                  num(status(o), "readyReplicas"),
                  Cell.age(o, now),
                  containers(o),
                  selector(o)));

  static final TableLayout STATEFUL_SETS =
      new TableLayout(
          List.of(
              name(),
              column("Ready", "Number of the pod with ready state"),
              age(),
              CONTAINERS,
              IMAGES),
          (o, now) ->
              row(
                  o,
                  num(status(o), "readyReplicas") + "/" + num(spec(o), "replicas"),
                  Cell.age(o, now),
                  containers(o)));

  static final TableLayout DAEMON_SETS =
      new TableLayout(
          List.of(
              name(),
              integer(
                  "Desired", "The total number of nodes that should be running the daemon pod."),
              integer(
                  "Current",
                  "The number of nodes that are running at least 1 daemon pod"
                      + " and are supposed to run the daemon pod."),
              integer(
                  "Ready",
                  "The number of nodes that should be running the daemon pod and have"
                      + " one or more of the daemon pod running and ready."),
              integer(
                  "Up-to-date", "The total number of nodes that are running updated daemon pod"),
              integer(
                  "Available",
                  "The number of nodes that should be running the daemon pod and have"
                      + " one or more of the daemon pod running and available."),
              column(
                  "Node Selector",
                  "NodeSelector is a selector which must be true for the pod to fit on a node."),
              age(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (o, now) ->
              row(
                  o,
                  num(status(o), "desiredNumberScheduled"),
                  num(status(o), "currentNumberScheduled"),
                  num(status(o), "numberReady"),
                  num(status(o), "updatedNumberScheduled"),
                  num(status(o), "numberAvailable"),
                  Cell.labels(obj(spec(o), "template", "spec", "nodeSelector")),
                  Cell.age(o, now),
                  containers(o),
                  selector(o)));

  static final TableLayout JOBS =
      new TableLayout(
          List.of(
              name(),
              column("Completions", "The completion status of the job."),
              column("Duration", "Time required to complete the job."),
              age(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (o, now) ->
              row(
                  o,
                  completions(spec(o), status(o)),
                  duration(status(o), now),
                  Cell.age(o, now),
                  containers(o),
                  selector(o)));

  static final TableLayout CRON_JOBS =
      new TableLayout(
          List.of(
              name(),
              column("Schedule", "The schedule in Cron format."),
              column("Timezone", "The time zone name for the given schedule."),
              new TableLayout.Column(
                  "Suspend", "boolean", "", 0, "Whether later executions are suspended."),
              integer("Active", "A list of pointers to currently running jobs."),
              column(
                  "Last Schedule",
                  "Information when was the last time the job was successfully scheduled."),
              age(),
              CONTAINERS,
              IMAGES,
              SELECTOR),
          (o, now) -> {
            JsonObject jobSpec = obj(spec(o), "jobTemplate", "spec");
            return row(
                o,
                str(spec(o), "schedule"),
                Cell.orNone(str(spec(o), "timeZone")),
                Boolean.TRUE.equals(spec(o).getValue("suspend")),
                (long) Cell.arr(status(o), "active").size(),
                status(o).containsKey("lastScheduleTime")
                    ? Cell.since(status(o), "lastScheduleTime", now)
                    : Cell.NONE,
                Cell.age(o, now),
                Cell.containers(obj(jobSpec, "template", "spec")),
                Cell.selector(obj(jobSpec, "selector")));
          });

  private WorkloadTables() {}

  private static JsonObject spec(JsonObject o) {
    return obj(o, "spec");
  }

  private static JsonObject status(JsonObject o) {
    return obj(o, "status");
  }

  private static List<Object> containers(JsonObject o) {
    return Cell.containers(obj(o, "spec", "template", "spec"));
  }

  private static String selector(JsonObject o) {
    return Cell.selector(obj(o, "spec", "selector"));
  }

  /** The name, then the cells, with lists (containers and images) spread. */
  private static List<Object> row(JsonObject o, Object... cells) {
    List<Object> out = new ArrayList<>();
    out.add(Cell.objectName(o));
    for (Object c : cells) {
      if (c instanceof List<?> l) {
        out.addAll(l);
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static String completions(JsonObject spec, JsonObject status) {
    long succeeded = num(status, "succeeded");
    if (spec.getValue("completions") instanceof Number n) {
      return succeeded + "/" + n.longValue();
    }
    if (spec.getValue("parallelism") instanceof Number p && p.longValue() > 1) {
      return succeeded + "/1 of " + p.longValue();
    }
    return succeeded + "/1";
  }

  private static String duration(JsonObject status, Instant now) {
    Instant start = Timestamps.parseOrNull(status.getString("startTime"));
    if (start == null) {
      return "";
    }
    Instant end = Timestamps.parseOrNull(status.getString("completionTime"));
    return Age.format(Duration.between(start, end == null ? now : end));
  }
}
