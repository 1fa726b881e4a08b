package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ResourceType;
import io.allkinds.model.ResourceTypeView;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTypesTest {

  private static ResourceTypeView view(
      String group, String version, String resource, String state) {
    return new ResourceTypeView(
        "prod", new ResourceType(group, version, resource, "K", true), state, null, 0, null, null);
  }

  @Test
  void groupsListVersionsBestFirstAndGoneTypesOnlyInThePast() {
    List<ResourceTypeView> stored =
        List.of(
            view("", "v1", "configmaps", "watching"),
            view("batch", "v1beta1", "cronjobs", "watching"),
            view("batch", "v1", "jobs", "watching"),
            view("example.com", "v2alpha1", "widgets", "watching"),
            view("example.com", "v1", "gadgets", "gone"));
    ClusterTypes now = ClusterTypes.of(stored, false);
    assertEquals(List.of("v1", "v1beta1"), now.groups().get("batch"));
    assertEquals(List.of("v2alpha1"), now.groups().get("example.com"));
    assertTrue(now.find("example.com", "v1", "gadgets").isEmpty());
    ClusterTypes past = ClusterTypes.of(stored, true);
    assertEquals(List.of("v1", "v2alpha1"), past.groups().get("example.com"));
    assertEquals("gadgets", past.find("example.com", "v1", "gadgets").orElseThrow().resource());
    assertTrue(past.find("batch", "v1", "cronjobs").isEmpty(), "stored at v1beta1 only");
  }

  @Test
  void versionPriorityIsKubes() {
    List<String> sorted =
        List.of("v1alpha1", "foo", "v2", "v1beta2", "v1", "v10beta1", "v1beta1").stream()
            .sorted(ClusterTypes.VERSION_PRIORITY)
            .toList();
    assertEquals(List.of("v2", "v1", "v10beta1", "v1beta2", "v1beta1", "v1alpha1", "foo"), sorted);
  }
}
