package io.allkinds.kubeapi;

import static io.allkinds.kubeapi.Cell.arr;
import static io.allkinds.kubeapi.Cell.obj;
import static io.allkinds.kubeapi.Cell.objects;
import static io.allkinds.kubeapi.Cell.str;
import static io.allkinds.kubeapi.TableLayout.age;
import static io.allkinds.kubeapi.TableLayout.column;
import static io.allkinds.kubeapi.TableLayout.name;
import static io.allkinds.kubeapi.TableLayout.wide;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows kube-apiserver prints for events (core v1 and events.k8s.io, whose fields it maps onto
 * core's), ingresses, persistent volumes and their claims, as printers.go computes them.
 */
final class EventAndStorageTables {

  /** Events: NAME comes last and wide, as kube-apiserver has it. */
  static final TableLayout EVENTS =
      new TableLayout(
          List.of(
              column(
                  "Last Seen",
                  "The time at which the most recent occurrence of this event was recorded."),
              column(
                  "Type",
                  "Type of this event (Normal, Warning), new types could be added in the future."),
              column(
                  "Reason",
                  "This should be a short, machine understandable string that gives the"
                      + " reason for the transition into the object's current status."),
              column("Object", "The object that this event is about."),
              wide("Subobject", "The subobject that this event is about."),
              wide("Source", "The component reporting this event."),
              column("Message", "A human-readable description of the status of this operation."),
              wide("First Seen", "The time at which the event was first recorded."),
              wide("Count", "The number of times this event has occurred."),
              new TableLayout.Column(
                  "Name", "string", "name", 1, "Name must be unique within a namespace.")),
          EventAndStorageTables::event);

  static final TableLayout INGRESSES =
      new TableLayout(
          List.of(
              name(),
              column("Class", "The name of the IngressClass cluster resource."),
              column(
                  "Hosts",
                  "Hosts that incoming requests are matched against before the ingress rule"),
              column(
                  "Address", "Address is a list containing ingress points for the load-balancer"),
              column("Ports", "Ports of TLS configurations that open"),
              age()),
          (o, now) -> {
            JsonObject spec = obj(o, "spec");
            return List.of(
                Cell.objectName(o),
                Cell.orNone(str(spec, "ingressClassName")),
                hosts(spec),
                Cell.loadBalancer(obj(o, "status")),
                arr(spec, "tls").isEmpty() ? "80" : "80, 443",
                Cell.age(o, now));
          });

  static final TableLayout CLAIMS =
      new TableLayout(
          List.of(
              name(),
              column("Status", "The phase of the claim."),
              column("Volume", "The binding reference to the PersistentVolume backing this claim."),
              column("Capacity", "The actual resources of the underlying volume."),
              column("Access Modes", "The actual access modes the volume backing the PVC has."),
              column("StorageClass", "StorageClass of the pvc"),
              age(),
              wide("VolumeMode", "What type of volume is required by the claim.")),
          (o, now) -> {
            JsonObject spec = obj(o, "spec");
            JsonObject status = obj(o, "status");
            boolean bound = !str(spec, "volumeName").isEmpty();
            String storageClass = storageClass(o);
            return List.of(
                Cell.objectName(o),
                obj(o, "metadata").containsKey("deletionTimestamp")
                    ? "Terminating"
                    : str(status, "phase"),
                str(spec, "volumeName"),
                bound ? str(obj(status, "capacity"), "storage") : "",
                bound ? accessModes(arr(status, "accessModes")) : "",
                storageClass,
                Cell.age(o, now),
                str(spec, "volumeMode").isEmpty() ? "<unset>" : str(spec, "volumeMode"));
          });

  static final TableLayout VOLUMES =
      new TableLayout(
          List.of(
              name(),
              column(
                  "Capacity",
                  "capacity is the description of the persistent volume's resources and capacity."),
              column("Access Modes", "accessModes contains all ways the volume can be mounted."),
              column(
                  "Reclaim Policy",
                  "What happens to a persistent volume when released from its claim."),
              column(
                  "Status",
                  "phase indicates if a volume is available, bound to"
                      + " a claim, or released by a claim."),
              column(
                  "Claim",
                  "claimRef is part of a bi-directional binding between"
                      + " PersistentVolume and PersistentVolumeClaim."),
              column("StorageClass", "StorageClass of the pv"),
              column("Reason", "reason is a brief CamelCase string that describes any failure."),
              age(),
              wide(
                  "VolumeMode",
                  "volumeMode defines if a volume is intended to be used with a"
                      + " formatted filesystem or to remain in raw block state.")),
          (o, now) -> {
            JsonObject spec = obj(o, "spec");
            JsonObject claim = obj(spec, "claimRef");
            return List.of(
                Cell.objectName(o),
                str(obj(spec, "capacity"), "storage"),
                accessModes(arr(spec, "accessModes")),
                str(spec, "persistentVolumeReclaimPolicy"),
                obj(o, "metadata").containsKey("deletionTimestamp")
                    ? "Terminating"
                    : str(obj(o, "status"), "phase"),
                spec.containsKey("claimRef")
                    ? str(claim, "namespace") + "/" + str(claim, "name")
                    : "",
                storageClass(o),
                str(obj(o, "status"), "reason"),
                Cell.age(o, now),
                str(spec, "volumeMode").isEmpty() ? "<unset>" : str(spec, "volumeMode"));
          });

  private EventAndStorageTables() {}

  /** The beta storage-class annotation, else spec.storageClassName, as printers.go reads it. */
  private static String storageClass(JsonObject o) {
    JsonObject annotations = obj(o, "metadata", "annotations");
    return annotations.containsKey("volume.beta.kubernetes.io/storage-class")
        ? str(annotations, "volume.beta.kubernetes.io/storage-class")
        : str(obj(o, "spec"), "storageClassName");
  }

  private static List<Object> event(JsonObject e, Instant now) {
    boolean core = !e.containsKey("regarding") && !e.containsKey("note");
    JsonObject involved = obj(e, core ? "involvedObject" : "regarding");
    JsonObject source = obj(e, core ? "source" : "deprecatedSource");
    String first = when(e, core ? "firstTimestamp" : "deprecatedFirstTimestamp", now);
    String last = when(e, core ? "lastTimestamp" : "deprecatedLastTimestamp", now);
    long count = Cell.num(e, core ? "count" : "deprecatedCount");
    if (first == null) {
      first = Cell.since(e, "eventTime", now);
    }
    if (last == null) {
      last = first;
    }
    if (e.getValue("series") instanceof JsonObject series) {
      last = Cell.since(series, "lastObservedTime", now);
      count = Cell.num(series, "count");
    } else if (count == 0) {
      count = 1;
    }
    String kind = str(involved, "kind").toLowerCase(java.util.Locale.ROOT);
    String target = str(involved, "name").isEmpty() ? kind : kind + "/" + str(involved, "name");
    String component = first(str(source, "component"), str(e, "reportingController"));
    String instance = first(str(source, "host"), str(e, "reportingInstance"));
    List<Object> cells = new ArrayList<>();
    cells.add(last);
    cells.add(str(e, "type"));
    cells.add(str(e, "reason"));
    cells.add(target);
    cells.add(str(involved, "fieldPath"));
    cells.add(instance.isEmpty() ? component : component + ", " + instance);
    cells.add(str(e, core ? "message" : "note").strip());
    cells.add(first);
    cells.add(count);
    cells.add(Cell.objectName(e));
    return cells;
  }

  /** The age since a timestamp field, or null when it is absent (Go's zero time). */
  private static String when(JsonObject o, String field, Instant now) {
    return o.getString(field) == null ? null : Cell.since(o, field, now);
  }

  private static String first(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  /** Up to three rule hosts, then how many more; {@code *} when no rule names one. */
  private static String hosts(JsonObject spec) {
    List<JsonObject> rules = objects(arr(spec, "rules"));
    List<String> list = new ArrayList<>();
    boolean more = false;
    for (JsonObject r : rules) {
      if (list.size() == 3) {
        more = true;
      }
      if (!more && !str(r, "host").isEmpty()) {
        list.add(str(r, "host"));
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String text = String.join(",", list);
    return more ? text + " + " + (rules.size() - 3) + " more..." : text;
  }

  private static String accessModes(JsonArray accessModes) {
    Set<String> modes = new LinkedHashSet<>();
    accessModes.forEach(m -> modes.add(String.valueOf(m)));
    List<String> out = new ArrayList<>();
    for (String[] m :
        new String[][] {
          {"ReadWriteOnce", "RWO"},
          {"ReadOnlyMany", "ROX"},
          {"ReadWriteMany", "RWX"},
          {"ReadWriteOncePod", "RWOP"}
        }) {
      if (modes.contains(m[0])) {
        out.add(m[1]);
      }
    }
    return String.join(",", out);
  }
}
