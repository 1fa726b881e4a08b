package io.allkinds.kubeapi;

import static io.allkinds.kubeapi.Cell.arr;
import static io.allkinds.kubeapi.Cell.num;
import static io.allkinds.kubeapi.Cell.obj;
import static io.allkinds.kubeapi.Cell.objects;
import static io.allkinds.kubeapi.Cell.str;
import static io.allkinds.kubeapi.TableLayout.age;
import static io.allkinds.kubeapi.TableLayout.column;
import static io.allkinds.kubeapi.TableLayout.integer;
import static io.allkinds.kubeapi.TableLayout.name;
import static io.allkinds.kubeapi.TableLayout.wide;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows kube-apiserver prints for endpoints, replication controllers, horizontal pod autoscalers
 * and storage classes, as printers.go computes them.
 */
final class ScalingAndClassTables {

  /** At most this many endpoints or metrics are shown, then "+ N more...". */
  private static final int SHOWN = 3;

  static final TableLayout ENDPOINTS =
      new TableLayout(
          List.of(name(), column("Endpoints", "Endpoints is the list of endpoints."), age()),
          (o, now) -> List.of(Cell.objectName(o), endpoints(o), Cell.age(o, now)));

  static final TableLayout REPLICATION_CONTROLLERS =
      new TableLayout(
          List.of(
              name(),
              integer("Desired", "Replicas is the number of desired replicas."),
              integer("Current", "Replicas is the most recently observed number of replicas."),
              integer("Ready", "The number of ready replicas for this replication controller."),
              age(),
              wide("Containers", "Names of each container in the template."),
              wide("Images", "Images referenced by each container in the template."),
              wide("Selector", "Label selector for pods.")),
          (o, now) -> {
            List<Object> row = new ArrayList<>();
            row.add(Cell.objectName(o));
            row.add(num(obj(o, "spec"), "replicas"));
            row.add(num(obj(o, "status"), "replicas"));
            row.add(num(obj(o, "status"), "readyReplicas"));
            row.add(Cell.age(o, now));
            row.addAll(Cell.containers(obj(o, "spec", "template", "spec")));
            row.add(Cell.labels(obj(o, "spec", "selector")));
            return row;
          });

  static final TableLayout HORIZONTAL_POD_AUTOSCALERS =
      new TableLayout(
          List.of(
              name(),
              column("Reference", "The reference to the autoscaled resource"),
              column("Targets", "The current and target metrics of the autoscaler"),
              column("MinPods", "Minimum number of replicas the autoscaler can scale down to"),
              integer("MaxPods", "Maximum number of replicas the autoscaler can scale up to"),
              integer("Replicas", "Current number of replicas of pods managed by this autoscaler"),
              age()),
          (o, now) -> {
            JsonObject spec = obj(o, "spec");
            JsonObject target = obj(spec, "scaleTargetRef");
            return List.of(
                Cell.objectName(o),
                str(target, "kind") + "/" + str(target, "name"),
                metrics(spec, obj(o, "status")),
                spec.getValue("minReplicas") instanceof Number n
                    ? String.valueOf(n.longValue())
                    : "<unset>",
                num(spec, "maxReplicas"),
                num(obj(o, "status"), "currentReplicas"),
                Cell.age(o, now));
          });

  static final TableLayout STORAGE_CLASSES =
      new TableLayout(
          List.of(
              name(),
              column("Provisioner", "Indicates the type of the provisioner."),
              column(
                  "ReclaimPolicy",
                  "Indicates the type of the reclaim policy for dynamically provisioned volumes."),
              column(
                  "VolumeBindingMode",
                  "Indicates how PersistentVolumeClaims should be provisioned and bound."),
              column("AllowVolumeExpansion", "Shows whether the storage class allows expansion."),
              age()),
          (o, now) ->
              List.of(
                  Cell.objectName(o) + (isDefault(o) ? " (default)" : ""),
                  str(o, "provisioner"),
                  or(str(o, "reclaimPolicy"), "Delete"),
                  or(str(o, "volumeBindingMode"), "Immediate"),
                  Boolean.TRUE.equals(o.getValue("allowVolumeExpansion")),
                  Cell.age(o, now)));

  private ScalingAndClassTables() {}

  /** {@code formatEndpoints}: ip:port of each address and port, three at most. */
  private static String endpoints(JsonObject o) {
    List<JsonObject> subsets = objects(arr(o, "subsets"));
    if (subsets.isEmpty()) {
      return Cell.NONE;
    }
    List<String> shown = new ArrayList<>();
    int count = 0;
    for (JsonObject subset : subsets) {
      List<JsonObject> ports = objects(arr(subset, "ports"));
      List<JsonObject> addresses = objects(arr(subset, "addresses"));
      List<String> each = new ArrayList<>();
      if (ports.isEmpty()) {
        addresses.forEach(a -> each.add(str(a, "ip"))); // a headless service without ports
      }
      for (JsonObject port : ports) {
        for (JsonObject address : addresses) {
          String ip = str(address, "ip");
          each.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + num(port, "port"));
        }
      }
      for (String e : each) {
        if (shown.size() < SHOWN) {
          shown.add(e);
        }
        count++;
      }
    }
    String joined = String.join(",", shown);
    return count > SHOWN ? joined + " + " + (count - SHOWN) + " more..." : joined;
  }

  /** {@code formatHPAMetrics}: each metric as current/target, with the resource's name. */
  private static String metrics(JsonObject spec, JsonObject status) {
    List<JsonObject> specs = objects(arr(spec, "metrics"));
    if (specs.isEmpty()) {
      return Cell.NONE;
    }
    List<JsonObject> current = objects(arr(status, "currentMetrics"));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < specs.size() && i < SHOWN - 1; i++) {
      JsonObject m = specs.get(i);
      String type = str(m, "type");
      String field =
          type.isEmpty() ? "" : Character.toLowerCase(type.charAt(0)) + type.substring(1);
      JsonObject target = obj(m, field, "target");
      JsonObject now =
          i < current.size() ? obj(current.get(i), field, "current") : new JsonObject();
      String text;
      if (target.getValue("averageUtilization") instanceof Number u) {
        String cur =
            now.getValue("averageUtilization") instanceof Number c
                ? c.longValue() + "%"
                : "<unknown>";
        text = cur + "/" + u.longValue() + "%";
      } else {
        String key = target.containsKey("averageValue") ? "averageValue" : "value";
        text = or(str(now, key), "<unknown>") + "/" + str(target, key);
      }
      String resource = str(obj(m, field), "name");
      out.add(type.equals("Resource") && !resource.isEmpty() ? resource + ": " + text : text);
    }
    String joined = String.join(", ", out);
    int more = specs.size() - out.size();
    return more > 0 ? joined + " + " + more + " more..." : joined;
  }

  private static boolean isDefault(JsonObject o) {
    JsonObject annotations = obj(o, "metadata", "annotations");
    return "true".equals(annotations.getString("storageclass.kubernetes.io/is-default-class"))
        || "true".equals(annotations.getString("storageclass.beta.kubernetes.io/is-default-class"));
  }

  private static String or(String s, String fallback) {
    return s.isEmpty() ? fallback : s;
  }
}
