package io.allkinds.cluster;

import io.allkinds.config.SyncConfig;
import io.allkinds.model.ResourceType;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds every resource type a cluster serves with list and watch: the core {@code v1} group (which
 * {@code getApiGroups()} leaves out) plus each group at its preferred version only, so that a
 * resource served under several versions is watched once. Subresources are skipped. Each request
 * takes a token from the cluster's rate limit.
 */
final class Discovery {

  /**
   * What one discovery pass found, and which groups could not be read (their watches are kept as
   * they are).
   */
  record Result(List<ResourceType> types, Set<String> failedGroups, List<String> problems) {}

  private final SyncConfig sync;

  Discovery(SyncConfig sync) {
    this.sync = sync;
  }

  /**
   * Runs one pass; blocking. Throws when even the group list cannot be read (the cluster is
   * unreachable).
   */
  Result discover(KubernetesClient client, RequestLimiter limiter) throws InterruptedException {
    List<ResourceType> types = new ArrayList<>();
    Set<String> failed = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    limiter.acquire();
    APIGroupList groups = client.getApiGroups();
    addGroupVersion(client, limiter, "", "v1", types, failed, problems);
    if (!failed.isEmpty()) {
      throw new IllegalStateException("cannot read the core API group: " + problems.get(0));
    }
    for (APIGroup group : groups.getGroups()) {
      String gv =
          group.getPreferredVersion() != null
              ? group.getPreferredVersion().getGroupVersion()
              : group.getVersions().isEmpty() ? null : group.getVersions().get(0).getGroupVersion();
      if (gv != null) {
        addGroupVersion(
            client,
            limiter,
            group.getName(),
            gv.substring(gv.indexOf('/') + 1),
            types,
            failed,
            problems);
      }
    }
    return new Result(types, failed, problems);
  }

  private void addGroupVersion(
      KubernetesClient client,
      RequestLimiter limiter,
      String group,
      String version,
      List<ResourceType> out,
      Set<String> failed,
      List<String> problems)
      throws InterruptedException {
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    APIResourceList list;
    limiter.acquire();
    try {
      list = client.getApiResources(groupVersion);
    } catch (RuntimeException e) {
      failed.add(group);
      problems.add(groupVersion + ": " + e.getMessage());
      return;
    }
    if (list == null) {
      failed.add(group);
      problems.add(groupVersion + ": no resource list");
      return;
    }
    for (APIResource r : list.getResources()) {
      if (r.getName().contains("/")
          || r.getVerbs() == null
          || !r.getVerbs().contains("list")
          || !r.getVerbs().contains("watch")
          || !sync.wants(group, r.getName())) {
        continue;
      }
      out.add(
          new ResourceType(
              group, version, r.getName(), r.getKind(), Boolean.TRUE.equals(r.getNamespaced())));
    }
  }
}
