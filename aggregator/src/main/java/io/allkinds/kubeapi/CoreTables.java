package io.allkinds.kubeapi;

import static io.allkinds.kubeapi.Cell.arr;
import static io.allkinds.kubeapi.Cell.obj;
import static io.allkinds.kubeapi.Cell.objects;
import static io.allkinds.kubeapi.Cell.orNone;
import static io.allkinds.kubeapi.Cell.str;
import static io.allkinds.kubeapi.TableLayout.age;
import static io.allkinds.kubeapi.TableLayout.column;
import static io.allkinds.kubeapi.TableLayout.integer;
import static io.allkinds.kubeapi.TableLayout.name;
import static io.allkinds.kubeapi.TableLayout.wide;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rows kube-apiserver prints for services, nodes, namespaces, config maps, secrets and service
 * accounts, as printers.go computes them.
 *
 * <p>AllKinds stores a Secret's data keys with null values (never the values), so a Secret's DATA
 * counts its keys as kube-apiserver does.
 */
final class CoreTables {

  static final TableLayout SERVICES =
      new TableLayout(
          List.of(
              name(),
              column("Type", "type determines how the Service is exposed."),
              column("Cluster-IP", "clusterIP is the IP address of the service."),
              column(
                  "External-IP",
                  "externalIPs is a list of IP addresses for which nodes in the"
                      + " cluster will also accept traffic for this service."),
              column("Port(s)", "The list of ports that are exposed by this service."),
              age(),
              wide(
                  "Selector",
                  "Route service traffic to pods with label keys and"
                      + " values matching this selector.")),
          (o, now) -> {
            JsonObject spec = obj(o, "spec");
            return List.of(
                Cell.objectName(o),
                str(spec, "type"),
                orNone(str(spec, "clusterIP")),
                externalIp(spec, obj(o, "status")),
                ports(spec),
                Cell.age(o, now),
                Cell.labels(obj(spec, "selector")));
          });

  static final TableLayout NODES =
      new TableLayout(
          List.of(
              name(),
              column("Status", "The status of the node"),
              column("Roles", "The roles of the node"),
              age(),
              column("Version", "Kubelet Version reported by the node."),
              wide("Internal-IP", "List of addresses reachable to the node."),
              wide("External-IP", "List of addresses reachable to the node."),
              wide("OS-Image", "OS Image reported by the node from /etc/os-release."),
              wide("Kernel-Version", "Kernel Version reported by the node."),
              wide("Container-Runtime", "ContainerRuntime Version reported by the node.")),
          (o, now) -> {
            JsonObject info = obj(o, "status", "nodeInfo");
            return List.of(
                Cell.objectName(o),
                nodeStatus(o),
                roles(obj(o, "metadata", "labels")),
                Cell.age(o, now),
                str(info, "kubeletVersion"),
                address(o, "InternalIP"),
                address(o, "ExternalIP"),
                unknown(str(info, "osImage")),
                unknown(str(info, "kernelVersion")),
                unknown(str(info, "containerRuntimeVersion")));
          });

  static final TableLayout NAMESPACES =
      new TableLayout(
          List.of(name(), column("Status", "The status of the namespace"), age()),
          (o, now) ->
              List.of(Cell.objectName(o), str(obj(o, "status"), "phase"), Cell.age(o, now)));

  static final TableLayout CONFIG_MAPS =
      new TableLayout(
          List.of(name(), integer("Data", "Data contains the configuration data."), age()),
          (o, now) ->
              List.of(
                  Cell.objectName(o),
                  (long) (obj(o, "data").size() + obj(o, "binaryData").size()),
                  Cell.age(o, now)));

  static final TableLayout SECRETS =
      new TableLayout(
          List.of(
              name(),
              column("Type", "Used to facilitate programmatic handling of secret data."),
              integer("Data", "Data contains the secret data."),
              age()),
          (o, now) ->
              List.of(
                  Cell.objectName(o),
                  str(o, "type"),
                  (long) obj(o, "data").size(),
                  Cell.age(o, now)));

  static final TableLayout SERVICE_ACCOUNTS =
      new TableLayout(
          List.of(
              name(),
              integer(
                  "Secrets",
                  "Secrets is a list of the secrets in the same namespace that pods"
                      + " running using this ServiceAccount are allowed to use."),
              age()),
          (o, now) ->
              List.of(Cell.objectName(o), (long) arr(o, "secrets").size(), Cell.age(o, now)));

  private CoreTables() {}

  private static String unknown(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }

  private static String externalIp(JsonObject spec, JsonObject status) {
    List<String> external = strings(arr(spec, "externalIPs"));
    switch (str(spec, "type")) {
      case "ClusterIP", "NodePort" -> {
        return external.isEmpty() ? Cell.NONE : String.join(",", external);
      }
      case "LoadBalancer" -> {
        String lb = Cell.loadBalancer(status);
        if (!external.isEmpty()) {
          List<String> all = new ArrayList<>();
          if (!lb.isEmpty()) {
            all.addAll(List.of(lb.split(",")));
          }
          all.addAll(external);
          return String.join(",", all);
        }
        return lb.isEmpty() ? "<pending>" : lb;
      }
      case "ExternalName" -> {
        return str(spec, "externalName");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  private static String ports(JsonObject spec) {
    List<String> out = new ArrayList<>();
    for (JsonObject p : objects(arr(spec, "ports"))) {
      String proto = str(p, "protocol").isEmpty() ? "TCP" : str(p, "protocol");
      long nodePort = Cell.num(p, "nodePort");
      out.add(
          nodePort == 0
              ? Cell.num(p, "port") + "/" + proto
              : Cell.num(p, "port") + ":" + nodePort + "/" + proto);
    }
    return out.isEmpty() ? Cell.NONE : String.join(",", out);
  }

  private static String nodeStatus(JsonObject node) {
    List<String> out = new ArrayList<>();
    for (JsonObject c : objects(arr(obj(node, "status"), "conditions"))) {
      if ("Ready".equals(str(c, "type"))) {
        out.add("True".equals(str(c, "status")) ? "Ready" : "NotReady");
      }
    }
    if (out.isEmpty()) {
      out.add("Unknown");
    }
    if (Boolean.TRUE.equals(obj(node, "spec").getValue("unschedulable"))) {
      out.add("SchedulingDisabled");
    }
    return String.join(",", out);
  }

  /** The node-role.kubernetes.io/ label suffixes and the kubernetes.io/role label's value. */
  private static String roles(JsonObject labels) {
    TreeSet<String> roles = new TreeSet<>();
    labels.forEach(
        e -> {
          String key = e.getKey();
          if (key.startsWith("node-role.kubernetes.io/")) {
            String role = key.substring("node-role.kubernetes.io/".length());
            if (!role.isEmpty()) {
              roles.add(role);
            }
          } else if (key.equals("kubernetes.io/role") && e.getValue() != null) {
            roles.add(String.valueOf(e.getValue()));
          }
        });
    return roles.isEmpty() ? Cell.NONE : String.join(",", roles);
  }

  private static String address(JsonObject node, String type) {
    for (JsonObject a : objects(arr(obj(node, "status"), "addresses"))) {
      if (type.equals(str(a, "type"))) {
        return str(a, "address");
      }
    }
    return Cell.NONE;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
