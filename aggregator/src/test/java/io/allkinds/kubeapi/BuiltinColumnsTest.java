package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ResourceType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuiltinColumnsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private static List<Object> cells(String group, String resource, String json) {
    TableLayout table =
        BuiltinColumns.of(new ResourceType(group, "v1", resource, "X", true)).orElseThrow();
    return table.cells().of(new JsonObject(json), NOW);
  }

  private static List<String> headers(String group, String resource, int priority) {
    return BuiltinColumns.of(new ResourceType(group, "v1", resource, "X", true))
        .orElseThrow()
        .columns()
        .stream()
        .filter(c -> c.priority() == priority)
        .map(TableLayout.Column::name)
        .toList();
  }

  @Test
  void crashLoopingPodShowsReadyStatusRestartsAndWideColumns() {
    String pod =
        """
        {"metadata": {"name": "web-1", "creationTimestamp": "2026-12-02T11:00:00Z"},
         "spec": {"nodeName": "node-a", "containers": [{"name": "app"}, {"name": "proxy"}],
                  "readinessGates": [{"conditionType": "example.com/lb"}]},
         "status": {"phase": "Running", "podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}],
          "conditions": [{"type": "Ready", "status": "False"},
                         {"type": "example.com/lb", "status": "True"}],
          "containerStatuses": [
            {"name": "app", "ready": false, "restartCount": 4,
             "state": {"waiting": {"reason": "CrashLoopBackOff"}},
             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-12-02T11:58:00Z"}}},
            {"name": "proxy", "ready": true, "restartCount": 1,
             "state": {"running": {"startedAt": "2026-12-02T11:00:05Z"}}}]}}
        """;
    assertEquals(
        List.of(
            "web-1",
            "1/2",
            "CrashLoopBackOff",
            "5 (2m ago)",
            "60m",
            "10.0.0.7",
            "node-a",
            "<none>",
            "1/1"),
        cells("", "pods", pod));
    assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age"), headers("", "pods", 0));
    assertEquals(
        List.of("IP", "Node", "Nominated Node", "Readiness Gates"), headers("", "pods", 1));
  }

  @Test
  void podStatusFollowsInitContainersTerminationAndDeletion() {
    String initializing =
        """
        {"metadata": {"name": "p"}, "spec": {"initContainers": [{"name": "a"}, {"name": "b"}],
          "containers": [{"name": "c"}]},
         "status": {"phase": "Pending",
          "initContainerStatuses": [
            {"name": "a", "restartCount": 0, "state": {"terminated": {"exitCode": 0}}},
            {"name": "b", "restartCount": 2, "state": {"running": {}}}],
          "containerStatuses": [{"name": "c", "state": {"waiting": {"reason": "PodInitializing"}}}]}}
        """;
    List<Object> init = cells("", "pods", initializing);
    assertEquals("0/1", init.get(1));
    assertEquals("Init:1/2", init.get(2));
    assertEquals("2", init.get(3));
    String oomKilled =
        """
        {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]},
         "status": {"phase": "Running", "containerStatuses": [{"name": "c", "restartCount": 0,
           "state": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}]}}
        """;
    assertEquals("OOMKilled", cells("", "pods", oomKilled).get(2));
    String signalled =
        """
        {"metadata": {"name": "p", "deletionTimestamp": "2026-12-02T11:59:00Z"},
         "spec": {"containers": [{"name": "c"}]},
         "status": {"phase": "Running", "containerStatuses": [{"name": "c", "ready": true,
           "state": {"running": {}}}]}}
        """;
    assertEquals("Terminating", cells("", "pods", signalled).get(2));
  }

  @Test
  void deploymentShowsReadyOfDesiredAndTemplateContainers() {
    String deployment =
        """
        {"metadata": {"name": "web", "creationTimestamp": "2026-11-30T12:00:00Z"},
         "spec": {"replicas": 3,
          "selector": {"matchLabels": {"app": "web", "tier": "front"},
                       "matchExpressions": [{"key": "env", "operator": "In",
                                             "values": ["prod", "canary"]}]},
          "template": {"spec": {"containers": [
            {"name": "app", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]}}},
         "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3,
                    "availableReplicas": 2}}
        """;
    assertEquals(
        List.of(
            "web",
            "2/3",
            3L,
            2L,
            "2d",
            "app,log",
            "nginx:1.27,busybox",
            "app=web,env in (canary,prod),tier=front"),
        cells("apps", "deployments", deployment));
    assertEquals(
        List.of("Name", "Ready", "Up-to-date", "Available", "Age"),
        headers("apps", "deployments", 0));
  }

  @Test
  void servicesShowTypeIpsAndPorts() {
    String nodePort =
        """
        {"metadata": {"name": "api"},
         "spec": {"type": "NodePort", "clusterIP": "10.96.0.12", "selector": {"app": "api"},
          "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                    {"port": 53, "protocol": "UDP"}]}}
        """;
    List<Object> cells = cells("", "services", nodePort);
    assertEquals(
        List.of("api", "NodePort", "10.96.0.12", "<none>", "80:30080/TCP,53/UDP"),
        cells.subList(0, 5));
    assertEquals("app=api", cells.get(6));
    String pending =
        """
        {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.13",
          "ports": [{"port": 443, "protocol": "TCP", "nodePort": 31443}]}, "status": {}}
        """;
    assertEquals("<pending>", cells("", "services", pending).get(3));
    String assigned =
        """
        {"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.13"},
         "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.5"}, {"hostname": "lb.example"}]}}}
        """;
    List<Object> lb = cells("", "services", assigned);
    assertEquals("203.0.113.5,lb.example", lb.get(3));
    assertEquals("<none>", lb.get(4));
    assertEquals("<none>", lb.get(6));
  }

  @Test
  void nodeShowsStatusRolesVersionAndAddresses() {
    String node =
        """
        {"metadata": {"name": "cp-1", "creationTimestamp": "2026-12-01T12:00:00Z",
           "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master",
                      "kubernetes.io/hostname": "cp-1"}},
         "spec": {"unschedulable": true},
         "status": {"conditions": [{"type": "MemoryPressure", "status": "False"},
                                   {"type": "Ready", "status": "True"}],
          "addresses": [{"type": "Hostname", "address": "cp-1"},
                        {"type": "InternalIP", "address": "192.168.1.10"}],
          "nodeInfo": {"kubeletVersion": "v1.31.2", "osImage": "Debian GNU/Linux 12 (bookworm)",
                       "kernelVersion": "6.1.0-26-amd64",
                       "containerRuntimeVersion": "containerd://1.7.22"}}}
        """;
    assertEquals(
        List.of(
            "cp-1",
            "Ready,SchedulingDisabled",
            "control-plane,master",
            "24h",
            "v1.31.2",
            "192.168.1.10",
            "<none>",
            "Debian GNU/Linux 12 (bookworm)",
            "6.1.0-26-amd64",
            "containerd://1.7.22"),
        cells("", "nodes", node));
    assertEquals(
        List.of("NotReady"),
        cells(
                "",
                "nodes",
                """
                {"metadata": {"name": "n"}, "status": {"conditions": [
                  {"type": "Ready", "status": "Unknown"}]}}
                """)
            .subList(1, 2));
  }

  @Test
  void secretCountsItsStoredKeysAndConfigMapItsDataAndBinaryData() {
    // AllKinds stores a Secret's keys with null values: they still count.
    assertEquals(
        List.of("token", "kubernetes.io/service-account-token", 3L),
        cells(
                "",
                "secrets",
                """
                {"metadata": {"name": "token"}, "type": "kubernetes.io/service-account-token",
                 "data": {"ca.crt": null, "namespace": null, "token": null}}
                """)
            .subList(0, 3));
    assertEquals(
        2L,
        cells(
                "",
                "configmaps",
                """
                {"metadata": {"name": "c"}, "data": {"a": "1"}, "binaryData": {"b": "AA=="}}
                """)
            .get(1));
    assertEquals(
        List.of("ns", "Terminating"),
        cells(
                "",
                "namespaces",
                "{\"metadata\":{\"name\":\"ns\"},\"status\":{\"phase\":\"Terminating\"}}")
            .subList(0, 2));
  }

  @Test
  void eventsOfBothGroupsPrintTheSameColumnsWithNameLastAndWide() {
    String core =
        """
        {"metadata": {"name": "web-1.17f"}, "type": "Warning", "reason": "BackOff",
         "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"},
         "source": {"component": "kubelet", "host": "node-a"},
         "message": "Back-off restarting failed container\\n",
         "firstTimestamp": "2026-12-02T11:00:00Z", "lastTimestamp": "2026-12-02T11:59:00Z",
         "count": 12}
        """;
    assertEquals(
        List.of(
            "60s",
            "Warning",
            "BackOff",
            "pod/web-1",
            "spec.containers{app}",
            "kubelet, node-a",
            "Back-off restarting failed container",
            "60m",
            12L,
            "web-1.17f"),
        cells("", "events", core));
    String modern =
        """
        {"metadata": {"name": "web.18a"}, "type": "Normal", "reason": "ScalingReplicaSet",
         "regarding": {"kind": "Deployment", "name": "web"}, "note": "Scaled up",
         "reportingController": "deployment-controller",
         "eventTime": "2026-12-02T11:30:00.000000Z"}
        """;
    List<Object> cells = cells("events.k8s.io", "events", modern);
    assertEquals(
        List.of("30m", "Normal", "ScalingReplicaSet", "deployment/web"), cells.subList(0, 4));
    assertEquals(List.of("deployment-controller", "Scaled up", "30m", 1L), cells.subList(5, 9));
    assertEquals(
        List.of("Last Seen", "Type", "Reason", "Object", "Message"), headers("", "events", 0));
    JsonObject name =
        BuiltinColumns.of(new ResourceType("", "v1", "events", "Event", true))
            .orElseThrow()
            .definitions()
            .getJsonObject(9);
    assertEquals("name", name.getString("format"));
  }

  @Test
  void jobsShowCompletionsAndDuration() {
    String job =
        """
        {"metadata": {"name": "j"}, "spec": {"completions": 3, "parallelism": 2,
          "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}},
          "template": {"spec": {"containers": [{"name": "w", "image": "busybox"}]}}},
         "status": {"succeeded": 1, "startTime": "2026-12-02T11:50:00Z"}}
        """;
    assertEquals(List.of("j", "1/3", "10m"), cells("batch", "jobs", job).subList(0, 3));
    String done =
        """
        {"metadata": {"name": "j"}, "spec": {"parallelism": 1},
         "status": {"succeeded": 1, "startTime": "2026-12-02T11:50:00Z",
                    "completionTime": "2026-12-02T11:50:42Z"}}
        """;
    assertEquals(List.of("j", "1/1", "42s"), cells("batch", "jobs", done).subList(0, 3));
  }

  @Test
  void storageAndIngressRows() {
    String claim =
        """
        {"metadata": {"name": "data", "creationTimestamp": "2026-12-02T11:59:30Z"},
         "spec": {"volumeName": "pv-1", "storageClassName": "standard", "volumeMode": "Filesystem"},
         "status": {"phase": "Bound", "capacity": {"storage": "10Gi"},
                    "accessModes": ["ReadWriteMany", "ReadWriteOnce"]}}
        """;
    assertEquals(
        List.of("data", "Bound", "pv-1", "10Gi", "RWO,RWX", "standard", "30s", "Filesystem"),
        cells("", "persistentvolumeclaims", claim));
    String pending =
        """
        {"metadata": {"name": "p", "annotations":
           {"volume.beta.kubernetes.io/storage-class": "old"}},
         "spec": {"storageClassName": "new"}, "status": {"phase": "Pending"}}
        """;
    assertEquals(
        List.of("p", "Pending", "", "", "", "old"),
        cells("", "persistentvolumeclaims", pending).subList(0, 6));
    String volume =
        """
        {"metadata": {"name": "pv-1"},
         "spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"],
                  "persistentVolumeReclaimPolicy": "Delete",
                  "claimRef": {"namespace": "apps", "name": "data"}, "storageClassName": "standard"},
         "status": {"phase": "Bound"}}
        """;
    assertEquals(
        List.of("pv-1", "10Gi", "RWO", "Delete", "Bound", "apps/data", "standard", ""),
        cells("", "persistentvolumes", volume).subList(0, 8));
    String ingress =
        """
        {"metadata": {"name": "web"},
         "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example"]}],
          "rules": [{"host": "a.example"}, {"host": "b.example"}, {}, {"host": "c.example"},
                    {"host": "d.example"}]},
         "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}]}}}
        """;
    assertEquals(
        List.of(
            "web", "nginx", "a.example,b.example,c.example + 2 more...", "203.0.113.9", "80, 443"),
        cells("networking.k8s.io", "ingresses", ingress).subList(0, 5));
  }

  @Test
  void daemonSetStatefulSetAndCronJobRows() {
    String daemonSet =
        """
        {"metadata": {"name": "agent"},
         "spec": {"selector": {"matchLabels": {"app": "agent"}},
          "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                "containers": [{"name": "a", "image": "agent:2"}]}}},
         "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                    "updatedNumberScheduled": 1, "numberAvailable": 2}}
        """;
    List<Object> ds = cells("apps", "daemonsets", daemonSet);
    assertEquals(List.of("agent", 3L, 3L, 2L, 1L, 2L, "kubernetes.io/os=linux"), ds.subList(0, 7));
    assertEquals(List.of("a", "agent:2", "app=agent"), ds.subList(8, 11));
    String statefulSet =
        """
        {"metadata": {"name": "db"}, "spec": {"replicas": 3,
          "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:17"}]}}},
         "status": {"readyReplicas": 1}}
        """;
    List<Object> sts = cells("apps", "statefulsets", statefulSet);
    assertEquals(List.of("db", "1/3"), sts.subList(0, 2));
    assertEquals(List.of("pg", "postgres:17"), sts.subList(3, 5));
    assertEquals(List.of("Name", "Ready", "Age"), headers("apps", "statefulsets", 0));
    String cronJob =
        """
        {"metadata": {"name": "backup"}, "spec": {"schedule": "0 3 * * *", "suspend": false,
          "jobTemplate": {"spec": {"template": {"spec": {"containers": [
            {"name": "b", "image": "backup:1"}]}}}}},
         "status": {"active": [{"name": "backup-1"}], "lastScheduleTime": "2026-12-02T11:55:00Z"}}
        """;
    assertEquals(
        List.of("backup", "0 3 * * *", "<none>", false, 1L, "5m"),
        cells("batch", "cronjobs", cronJob).subList(0, 6));
  }

  @Test
  void tableRowsUseTheBuiltinColumnsForBuiltinKindsOnly() {
    TableRows rows =
        new TableRows(
            Rendering.of("application/json;as=Table;g=meta.k8s.io;v=v1"),
            IncludeObject.NONE,
            NOW,
            BuiltinColumns.of(new ResourceType("", "v1", "configmaps", "ConfigMap", true))
                .orElseThrow());
    JsonObject table =
        rows.single(
            new JsonObject(
                "{\"metadata\":{\"name\":\"c\",\"creationTimestamp\":\"2026-12-02T11:59:00Z\"},\"data\":{\"a\":\"b\"}}"),
            new JsonObject());
    assertEquals(
        List.of("Name", "Data", "Age"),
        table.getJsonArray("columnDefinitions").stream()
            .map(c -> ((JsonObject) c).getString("name"))
            .toList());
    assertEquals(
        new JsonArray().add("c").add(1L).add("60s"),
        table.getJsonArray("rows").getJsonObject(0).getJsonArray("cells"));
    assertTrue(
        BuiltinColumns.of(new ResourceType("example.com", "v1", "gadgets", "Gadget", true))
            .isEmpty());
    assertEquals(
        Optional.empty(),
        BuiltinColumns.of(new ResourceType("", "v1", "limitranges", "LimitRange", true)));
  }

  @Test
  void endpointsShowThreeAddressPortsThenHowManyMore() {
    String endpoints =
        """
        {"metadata": {"name": "web", "creationTimestamp": "2026-12-02T11:00:00Z"},
         "subsets": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                      "ports": [{"port": 80}, {"port": 443}]}]}
        """;
    assertEquals(
        List.of("web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", "60m"),
        cells("", "endpoints", endpoints));
    assertEquals("<none>", cells("", "endpoints", "{\"metadata\": {\"name\": \"e\"}}").get(1));
  }

  @Test
  void autoscalersControllersAndStorageClasses() {
    String hpa =
        """
        {"metadata": {"name": "web", "creationTimestamp": "2026-12-02T11:00:00Z"},
         "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 10,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                               "target": {"type": "Utilization", "averageUtilization": 80}}}]},
         "status": {"currentReplicas": 3, "currentMetrics": [{"type": "Resource",
                    "resource": {"name": "cpu", "current": {"averageUtilization": 45}}}]}}
        """;
    assertEquals(
        List.of("web", "Deployment/web", "cpu: 45%/80%", "<unset>", 10L, 3L, "60m"),
        cells("autoscaling", "horizontalpodautoscalers", hpa));
    String rc =
        """
        {"metadata": {"name": "old", "creationTimestamp": "2026-12-02T11:00:00Z"},
         "spec": {"replicas": 2, "selector": {"app": "old"},
                  "template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
         "status": {"replicas": 2, "readyReplicas": 1}}
        """;
    assertEquals(
        List.of("old", 2L, 2L, 1L, "60m", "c", "nginx", "app=old"),
        cells("", "replicationcontrollers", rc));
    String storageClass =
        """
        {"metadata": {"name": "fast", "creationTimestamp": "2026-12-02T11:00:00Z",
                      "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
         "provisioner": "ebs.csi.aws.com", "allowVolumeExpansion": true}
        """;
    assertEquals(
        List.of("fast (default)", "ebs.csi.aws.com", "Delete", "Immediate", true, "60m"),
        cells("storage.k8s.io", "storageclasses", storageClass));
  }
}
