package io.allkinds.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.ResourceType;
import java.util.Locale;

/**
 * Objects as a cluster serves them, for the writer benchmark: of every five, three Pods (owned by a
 * ReplicaSet, on a node, with a service account, a ConfigMap volume, a Secret env reference, and
 * the managedFields of kube-controller-manager and the kubelet), one Deployment (Helm-applied,
 * three managers) and one ConfigMap (kubectl-applied). Version 2 of each is a realistic next
 * change: a Pod's status (the kubelet's), a Deployment's replicas (kubectl scale) or its status on
 * alternate ones, a ConfigMap's data. Each is JSON text parsed into a tree, as the list and watch
 * streams hand it to the encoder.
 */
final class ExplainObjects {

  static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);
  static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true);
  static final ResourceType CONFIG_MAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String FIELDS_KCM =
      "{\"f:metadata\":{\"f:generateName\":{},\"f:labels\":{\".\":{},\"f:app\":{},"
          + "\"f:pod-template-hash\":{}},\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"%s\\\"}\":{}}},"
          + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},\"f:image\":{},"
          + "\"f:imagePullPolicy\":{},\"f:name\":{},\"f:resources\":{}}},\"f:dnsPolicy\":{},"
          + "\"f:restartPolicy\":{},\"f:serviceAccount\":{},\"f:volumes\":{}}}";
  private static final String FIELDS_KUBELET =
      "{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":\\\"Ready\\\"}\":{\".\":{},"
          + "\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}}},\"f:containerStatuses\":{},"
          + "\"f:hostIP\":{},\"f:phase\":{},\"f:podIP\":{},\"f:startTime\":{}}}";

  private ExplainObjects() {}

  /**
   * The object the {@code k}th of {@code n} watch events modifies: every object once, in an order
   * unrelated to the list's, as watch events arrive.
   */
  static int watched(int k, int n) {
    return (int) ((k * 7919L) % n);
  }

  /** The type of the {@code i}th object. */
  static ResourceType type(int i) {
    return switch (i % 5) {
      case 0, 1, 2 -> PODS;
      case 3 -> DEPLOYMENTS;
      default -> CONFIG_MAPS;
    };
  }

  /** The {@code i}th object at {@code version} (1 as listed, 2 and on as modified), as a tree. */
  static ObjectNode object(int i, int version) {
    String json =
        switch (i % 5) {
          case 0, 1, 2 -> pod(i, version);
          case 3 -> deployment(i, version);
          default -> configMap(i, version);
        };
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * 250 apps (1,250 objects) to a namespace, in order: a list returns objects sorted by namespace
   * and name, as etcd keeps them.
   */
  private static String ns(int i) {
    return String.format(Locale.ROOT, "team-%03d", i / 5 / 250);
  }

  private static String time(int minute) {
    return String.format(Locale.ROOT, "2026-12-01T%02d:%02d:00Z", (minute / 60) % 24, minute % 60);
  }

  private static String manager(String name, String op, String sub, String time, String fields) {
    return "{\"manager\":\""
        + name
        + "\",\"operation\":\""
        + op
        + "\",\"apiVersion\":\"v1\",\"time\":\""
        + time
        + "\",\"fieldsType\":\"FieldsV1\""
        + (sub == null ? "" : ",\"subresource\":\"" + sub + "\"")
        + ",\"fieldsV1\":"
        + fields
        + "}";
  }

  static String pod(int i, int version) {
    int app = i / 5;
    String rsUid = "rs-uid-" + app;
    String rv = Integer.toString(i * 10 + version);
    String managers =
        manager("kube-controller-manager", "Update", null, time(1), FIELDS_KCM.formatted(rsUid))
            + ","
            + manager("kubelet", "Update", "status", time(version + 1), FIELDS_KUBELET);
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app-%1$d-7c9f8-%2$d","generateName":"app-%1$d-7c9f8-",
        "namespace":"%3$s","uid":"pod-uid-%2$d","resourceVersion":"%4$s","creationTimestamp":"2026-12-01T00:01:00Z",
        "labels":{"app":"app-%1$d","pod-template-hash":"7c9f8"},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"app-%1$d-7c9f8","uid":"%5$s",
        "controller":true,"blockOwnerDeletion":true}],"managedFields":[%6$s]},
        "spec":{"nodeName":"node-%7$d","serviceAccountName":"app-%1$d","serviceAccount":"app-%1$d",
        "volumes":[{"name":"config","configMap":{"name":"app-%1$d-config","defaultMode":420}},
        {"name":"kube-api-access","projected":{"sources":[{"serviceAccountToken":{"path":"token","expirationSeconds":3607}},
        {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}}]}}],
        "containers":[{"name":"app","image":"registry.example.com/app-%1$d:1.4.2","ports":[{"containerPort":8080,"protocol":"TCP"}],
        "env":[{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"app-%1$d-db","key":"password"}}},
        {"name":"LOG_LEVEL","value":"info"}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"}},
        "volumeMounts":[{"name":"config","mountPath":"/etc/app"}],"imagePullPolicy":"IfNotPresent"}],
        "restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler"},
        "status":{"phase":"Running","hostIP":"10.0.%8$d.%9$d","podIP":"10.244.%8$d.%9$d","startTime":"2026-12-01T00:01:05Z",
        "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"%10$s"}],
        "containerStatuses":[{"name":"app","ready":true,"restartCount":%11$d,"image":"registry.example.com/app-%1$d:1.4.2",
        "state":{"running":{"startedAt":"%10$s"}}}]}}
        """
        .formatted(
            app,
            i,
            ns(i),
            rv,
            rsUid,
            managers,
            i % 50,
            (i / 250) % 250,
            i % 250,
            time(version + 1),
            version - 1);
  }

  static String deployment(int i, int version) {
    int app = i / 5;
    boolean scaled = version > 1 && app % 2 == 0;
    int replicas = scaled ? 3 + version : 3;
    String rv = Integer.toString(i * 10 + version);
    String managers =
        manager(
                "helm",
                "Update",
                null,
                time(1),
                "{\"f:metadata\":{\"f:annotations\":{},\"f:labels\":{}},\"f:spec\":{\"f:replicas\":{},"
                    + "\"f:selector\":{},\"f:template\":{\"f:metadata\":{},\"f:spec\":{}}}}")
            + ","
            + manager(
                "kube-controller-manager",
                "Update",
                "status",
                time(version + 1),
                "{\"f:status\":{\"f:availableReplicas\":{},\"f:conditions\":{},\"f:readyReplicas\":{}}}")
            + (scaled
                ? ","
                    + manager(
                        "kubectl-scale",
                        "Update",
                        "scale",
                        time(version + 1),
                        "{\"f:spec\":{\"f:replicas\":{}}}")
                : "");
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app-%1$d","namespace":"%2$s",
        "uid":"dep-uid-%1$d","resourceVersion":"%3$s","generation":%4$d,"creationTimestamp":"2026-12-01T00:00:00Z",
        "labels":{"app":"app-%1$d","app.kubernetes.io/managed-by":"Helm"},
        "annotations":{"meta.helm.sh/release-name":"app-%1$d","meta.helm.sh/release-namespace":"%2$s",
        "deployment.kubernetes.io/revision":"1"},"managedFields":[%5$s]},
        "spec":{"replicas":%4$d,"selector":{"matchLabels":{"app":"app-%1$d"}},
        "template":{"metadata":{"labels":{"app":"app-%1$d"}},"spec":{"serviceAccountName":"app-%1$d",
        "containers":[{"name":"app","image":"registry.example.com/app-%1$d:1.4.2","ports":[{"containerPort":8080}]}]}},
        "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%%","maxSurge":"25%%"}}},
        "status":{"observedGeneration":%4$d,"replicas":3,"readyReplicas":%6$d,"availableReplicas":%6$d,
        "conditions":[{"type":"Available","status":"True","lastUpdateTime":"%7$s"}]}}
        """
        .formatted(
            app, ns(i), rv, replicas, managers, version > 1 && !scaled ? 2 : 3, time(version + 1));
  }

  static String configMap(int i, int version) {
    int app = i / 5;
    String rv = Integer.toString(i * 10 + version);
    String managers =
        manager(
            "kubectl-client-side-apply",
            "Update",
            null,
            time(version),
            "{\"f:data\":{\".\":{},\"f:app.yaml\":{}},\"f:metadata\":{\"f:annotations\":{}}}");
    return """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-%1$d-config","namespace":"%2$s",
        "uid":"cm-uid-%1$d","resourceVersion":"%3$s","creationTimestamp":"2026-12-01T00:00:00Z",
        "labels":{"app":"app-%1$d"},"managedFields":[%4$s]},
        "data":{"app.yaml":"server:\\n  port: 8080\\n  threads: %5$d\\nlog:\\n  level: info\\nfeatures:\\n  - a\\n  - b\\n"}}
        """
        .formatted(app, ns(i), rv, managers, 8 + version);
  }
}
