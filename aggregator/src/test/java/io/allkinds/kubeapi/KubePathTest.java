package io.allkinds.kubeapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.kubeapi.KubePath.Target;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubePathTest {

  private static final String ROOT = "/k8s/clusters/prod";

  @Test
  void discoveryPaths() {
    assertEquals(Target.ROOT, KubePath.parse(ROOT).target());
    assertEquals(Target.ROOT, KubePath.parse(ROOT + "/").target());
    assertEquals(Target.VERSION, KubePath.parse(ROOT + "/version").target());
    assertEquals(Target.CORE_VERSIONS, KubePath.parse(ROOT + "/api").target());
    assertEquals(Target.GROUPS, KubePath.parse(ROOT + "/apis").target());
    KubePath group = KubePath.parse(ROOT + "/apis/apps");
    assertEquals(Target.GROUP, group.target());
    assertEquals("apps", group.group());
    KubePath core = KubePath.parse(ROOT + "/api/v1");
    assertEquals(new KubePath("prod", null, Target.RESOURCES, "", "v1", null, null, null), core);
    assertEquals(
        new KubePath("prod", null, Target.RESOURCES, "apps", "v1", null, null, null),
        KubePath.parse(ROOT + "/apis/apps/v1/"));
  }

  @Test
  void listAndGetPaths() {
    assertEquals(
        new KubePath("prod", null, Target.LIST, "", "v1", "shop", "configmaps", null),
        KubePath.parse(ROOT + "/api/v1/namespaces/shop/configmaps"));
    assertEquals(
        new KubePath("prod", null, Target.GET, "", "v1", "shop", "configmaps", "web"),
        KubePath.parse(ROOT + "/api/v1/namespaces/shop/configmaps/web"));
    assertEquals(
        new KubePath("prod", null, Target.LIST, "", "v1", null, "configmaps", null),
        KubePath.parse(ROOT + "/api/v1/configmaps"));
    assertEquals(
        new KubePath("prod", null, Target.LIST, "", "v1", null, "namespaces", null),
        KubePath.parse(ROOT + "/api/v1/namespaces"));
    assertEquals(
        new KubePath("prod", null, Target.GET, "", "v1", null, "namespaces", "shop"),
        KubePath.parse(ROOT + "/api/v1/namespaces/shop"));
    assertEquals(
        new KubePath("prod", null, Target.GET, "apps", "v1", "shop", "deployments", "web"),
        KubePath.parse(ROOT + "/apis/apps/v1/namespaces/shop/deployments/web"));
    assertEquals(
        new KubePath(
            "prod",
            null,
            Target.GET,
            "rbac.authorization.k8s.io",
            "v1",
            null,
            "clusterroles",
            "system:basic-user"),
        KubePath.parse(
            ROOT + "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Abasic-user"));
  }

  @Test
  void atRootsTakeAnRfc3339Instant() {
    KubePath p =
        KubePath.parse("/k8s/clusters/prod/at/2026-12-01T03:00:00+01:00/api/v1/namespaces");
    assertEquals(Instant.parse("2026-12-01T02:00:00Z"), p.at());
    assertEquals(Target.LIST, p.target());
    assertEquals(
        Instant.parse("2026-12-01T02:00:00Z"),
        KubePath.parse("/k8s/clusters/prod/at/2026-12-01T02%3A00%3A00Z/api").at());
    KubeStatus bad =
        assertThrows(KubeStatus.class, () -> KubePath.parse(ROOT + "/at/yesterday/api"));
    assertEquals(400, bad.code());
  }

  @Test
  void theFleetRootHasNoCluster() {
    KubePath p = KubePath.parse("/k8s/fleet/api/v1/namespaces/shop/configmaps");
    assertTrue(p.fleet());
    assertEquals(List.of(), p.clusters());
    assertEquals(Target.LIST, p.target());
    assertEquals(Target.ROOT, KubePath.parse("/k8s/fleet").target());
    KubePath past = KubePath.parse("/k8s/fleet/at/2026-12-01T02:00:00Z/apis");
    assertEquals(Instant.parse("2026-12-01T02:00:00Z"), past.at());
    assertEquals(Target.GROUPS, past.target());
    assertFalse(KubePath.parse(ROOT + "/api").fleet());
  }

  @Test
  void pathsNoApiServerServesAreNull() {
    assertNull(KubePath.parse("/k8s/fleetwood/api"));
    assertNull(KubePath.parse("/k8s/clusters/"));
    assertNull(KubePath.parse(ROOT + "/openapi/v2"));
    assertNull(KubePath.parse(ROOT + "/api/v1/namespaces/shop/pods/web/log"));
    assertNull(KubePath.parse(ROOT + "//api"));
    assertNull(KubePath.parse(ROOT + "/at"));
    assertNull(KubePath.parse(ROOT + "/api/v1/%zz"));
  }
}
