package io.allkinds.cluster;

import static io.allkinds.cluster.RedactorTest.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import io.allkinds.model.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectEdgesTest {

  private static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true);
  private static final ResourceType CLAIMS =
      new ResourceType("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
  private static final ResourceType INGRESSES =
      new ResourceType("networking.k8s.io", "v1", "ingresses", "Ingress", true);
  private static final ResourceType OLD_INGRESSES =
      new ResourceType("extensions", "v1beta1", "ingresses", "Ingress", true);
  private static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private static ObjectEdge edge(
      EdgeRelation r, String group, String kind, String ns, String name) {
    return new ObjectEdge(r, group, kind, ns, name, "");
  }

  @Test
  void podStatesItsOwnerNodeAccountAndEverythingItMountsOrReads() {
    String pod =
        """
        {"metadata":{"name":"p","namespace":"ns","ownerReferences":[
           {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs-1","uid":"u-rs","controller":true}]},
         "spec":{"nodeName":"node-a","serviceAccountName":"runner","serviceAccount":"ignored",
          "imagePullSecrets":[{"name":"pull"}],
          "volumes":[{"name":"a","configMap":{"name":"cm-vol"}},
                     {"name":"b","secret":{"secretName":"sec-vol"}},
                     {"name":"c","persistentVolumeClaim":{"claimName":"data"}},
                     {"name":"d","projected":{"sources":[{"configMap":{"name":"cm-proj"}},
                        {"secret":{"name":"sec-proj"}},{"serviceAccountToken":{"path":"t"}}]}},
                     {"name":"e","emptyDir":{}},
                     {"name":"f","configMap":{"name":"cm-vol"}}],
          "initContainers":[{"name":"i","envFrom":[{"secretRef":{"name":"sec-init"}}]}],
          "containers":[{"name":"x","env":[
               {"name":"A","value":"1"},
               {"name":"B","valueFrom":{"configMapKeyRef":{"name":"cm-env","key":"k"}}},
               {"name":"C","valueFrom":{"secretKeyRef":{"name":"sec-env","key":"k"}}},
               {"name":"D","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
             "envFrom":[{"configMapRef":{"name":"cm-from"}},{"secretRef":{"name":"sec-vol"}}]}]}}
        """;
    assertEquals(
        List.of(
            new ObjectEdge(EdgeRelation.OWNER, "apps", "ReplicaSet", "ns", "rs-1", "u-rs"),
            edge(EdgeRelation.NODE, "", "Node", "", "node-a"),
            edge(EdgeRelation.SERVICE_ACCOUNT, "", "ServiceAccount", "ns", "runner"),
            edge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "ns", "cm-vol"),
            edge(EdgeRelation.SECRET, "", "Secret", "ns", "sec-vol"),
            edge(EdgeRelation.CLAIM, "", "PersistentVolumeClaim", "ns", "data"),
            edge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "ns", "cm-proj"),
            edge(EdgeRelation.SECRET, "", "Secret", "ns", "sec-proj"),
            edge(EdgeRelation.SECRET, "", "Secret", "ns", "pull"),
            edge(EdgeRelation.SECRET, "", "Secret", "ns", "sec-init"),
            edge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "ns", "cm-env"),
            edge(EdgeRelation.SECRET, "", "Secret", "ns", "sec-env"),
            edge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "ns", "cm-from")),
        ObjectEdges.of(PODS, tree(pod)));
  }

  @Test
  void podNamesItsAccountByTheOldFieldWhenTheNewOneIsAbsent() {
    String pod =
        """
        {"metadata":{"name":"p","namespace":"ns"},"spec":{"serviceAccount":"old","containers":[]}}
        """;
    assertEquals(
        List.of(edge(EdgeRelation.SERVICE_ACCOUNT, "", "ServiceAccount", "ns", "old")),
        ObjectEdges.of(PODS, tree(pod)));
  }

  @Test
  void claimNamesItsVolumeClusterScoped() {
    String claim =
        """
        {"metadata":{"name":"data","namespace":"ns"},"spec":{"volumeName":"pv-1"}}
        """;
    assertEquals(
        List.of(edge(EdgeRelation.VOLUME, "", "PersistentVolume", "", "pv-1")),
        ObjectEdges.of(CLAIMS, tree(claim)));
    assertEquals(List.of(), ObjectEdges.of(CLAIMS, tree("{\"metadata\":{},\"spec\":{}}")));
  }

  @Test
  void ingressNamesEveryBackendServiceOnce() {
    String ingress =
        """
        {"metadata":{"name":"i","namespace":"ns"},"spec":{
          "defaultBackend":{"service":{"name":"fallback","port":{"number":80}}},
          "rules":[{"host":"a","http":{"paths":[
              {"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/api","backend":{"service":{"name":"api","port":{"number":80}}}}]}},
            {"host":"b","http":{"paths":[
              {"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/r","backend":{"resource":{"kind":"Bucket","name":"b"}}}]}}]}}
        """;
    assertEquals(
        List.of(
            edge(EdgeRelation.BACKEND, "", "Service", "ns", "fallback"),
            edge(EdgeRelation.BACKEND, "", "Service", "ns", "web"),
            edge(EdgeRelation.BACKEND, "", "Service", "ns", "api")),
        ObjectEdges.of(INGRESSES, tree(ingress)));
  }

  @Test
  void oldIngressNamesServicesByServiceName() {
    String ingress =
        """
        {"metadata":{"name":"i","namespace":"ns"},"spec":{
          "backend":{"serviceName":"fallback","servicePort":80},
          "rules":[{"http":{"paths":[{"backend":{"serviceName":"web","servicePort":80}}]}}]}}
        """;
    assertEquals(
        List.of(
            edge(EdgeRelation.BACKEND, "", "Service", "ns", "fallback"),
            edge(EdgeRelation.BACKEND, "", "Service", "ns", "web")),
        ObjectEdges.of(OLD_INGRESSES, tree(ingress)));
  }

  @Test
  void otherKindsStateOnlyTheirOwnersAndIgnoreBrokenReferences() {
    String cm =
        """
        {"metadata":{"name":"c","namespace":"ns","ownerReferences":[
           {"apiVersion":"v1","kind":"ConfigMap","name":"parent","uid":"u1"},
           {"apiVersion":"v1","kind":"","name":"nameless-kind"},
           {"apiVersion":"v1","kind":"ConfigMap","name":"parent","uid":"u1"}]},
         "spec":{"nodeName":"not-a-pod"}}
        """;
    assertEquals(
        List.of(new ObjectEdge(EdgeRelation.OWNER, "", "ConfigMap", "ns", "parent", "u1")),
        ObjectEdges.of(CONFIGMAPS, tree(cm)));
  }

  @Test
  void theSameBodyGivesTheSameEdges() {
    String pod =
        """
        {"metadata":{"name":"p","namespace":"ns"},"spec":{"nodeName":"n","volumes":[
          {"secret":{"secretName":"b"}},{"secret":{"secretName":"a"}}]}}
        """;
    assertEquals(ObjectEdges.of(PODS, tree(pod)), ObjectEdges.of(PODS, tree(pod)));
  }
}
