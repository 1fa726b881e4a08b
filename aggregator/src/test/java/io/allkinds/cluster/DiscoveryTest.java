package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

  private static GroupVersionForDiscovery gv(String group, String version) {
    return new GroupVersionForDiscovery(group + "/" + version, version);
  }

  private static APIGroup group(String name, String preferred, String... versions) {
    APIGroupBuilder b = new APIGroupBuilder().withName(name);
    for (String v : versions) {
      b.addToVersions(gv(name, v));
    }
    if (preferred != null) {
      b.withPreferredVersion(gv(name, preferred));
    }
    return b.build();
  }

  private static List<Discovery.GroupVersion> toRead(APIGroup... groups) {
    return Discovery.toRead(new APIGroupListBuilder().withGroups(groups).build());
  }

  @Test
  void coreV1IsReadFirstEvenWithNoGroups() {
    assertEquals(List.of(new Discovery.GroupVersion("", "v1")), toRead());
    assertEquals("v1", new Discovery.GroupVersion("", "v1").path());
    assertEquals("apps/v1", new Discovery.GroupVersion("apps", "v1").path());
  }

  @Test
  void aGroupServingSeveralVersionsIsReadOnceAtItsPreferredVersion() {
    assertEquals(
        List.of(
            new Discovery.GroupVersion("", "v1"),
            new Discovery.GroupVersion("example.com", "v1beta1")),
        toRead(group("example.com", "v1beta1", "v1", "v1beta1")));
  }

  @Test
  void withoutAPreferredVersionTheFirstListedIsReadAndAGroupWithNoVersionIsLeftOut() {
    assertEquals(
        List.of(
            new Discovery.GroupVersion("", "v1"),
            new Discovery.GroupVersion("a.example.com", "v2"),
            new Discovery.GroupVersion("apps", "v1")),
        toRead(
            group("a.example.com", null, "v2", "v1"),
            group("empty.example.com", null),
            group("apps", "v1", "v1")));
  }

  private static APIResource resource(String name, boolean namespaced, String... verbs) {
    return new APIResourceBuilder()
        .withName(name)
        .withKind(Character.toUpperCase(name.charAt(0)) + name.substring(1, name.length() - 1))
        .withNamespaced(namespaced)
        .withVerbs(verbs)
        .build();
  }

  @Test
  void wantedTypesSkipSubresourcesUnwatchableAndExcludedTypes() {
    var list =
        new APIResourceListBuilder()
            .withGroupVersion("v1")
            .withResources(
                resource("pods", true, "list", "watch", "get"),
                resource("pods/log", true, "get"),
                resource("pods/status", true, "list", "watch"),
                resource("bindings", true, "create"),
                resource("componentstatuses", false, "list", "get"),
                resource("events", true, "list", "watch"),
                resource("nodes", false, "list", "watch"))
            .build();
    List<ResourceType> types =
        Discovery.wantedTypes(new Discovery.GroupVersion("", "v1"), list, SyncConfig.defaults());
    assertEquals(
        List.of(
            new ResourceType("", "v1", "pods", "Pod", true),
            new ResourceType("", "v1", "nodes", "Node", false)),
        types);
  }

  @Test
  void aResourceWithoutVerbsIsNotWatched() {
    var list =
        new APIResourceListBuilder()
            .withResources(new APIResourceBuilder().withName("widgets").withKind("Widget").build())
            .build();
    assertEquals(
        List.of(),
        Discovery.wantedTypes(
            new Discovery.GroupVersion("example.com", "v1"), list, SyncConfig.defaults()));
  }
}
