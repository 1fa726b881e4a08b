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
    List<GroupVersion> toRead = toRead(client.getApiGroups());
    for (GroupVersion gv : toRead) {
      addGroupVersion(client, limiter, gv, types, failed, problems);
      if (gv.group().isEmpty() && !failed.isEmpty()) {
        throw new IllegalStateException("cannot read the core API group: " + problems.get(0));
      }
    }
    return new Result(types, failed, problems);
  }

  /** One version of one API group ({@code ""} for core). */
  record GroupVersion(String group, String version) {
    /** The path segment the API server knows it by: {@code v1} or {@code apps/v1}. */
    String path() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /**
   * What to read, in order: the core {@code v1} first, then each group at its preferred version (at
   * its first listed one when the server names none); a group with no version is left out.
   */
  static List<GroupVersion> toRead(APIGroupList groups) {
    List<GroupVersion> out = new ArrayList<>();
    out.add(new GroupVersion("", "v1"));
    for (APIGroup group : groups.getGroups()) {
      String gv =
          group.getPreferredVersion() != null
              ? group.getPreferredVersion().getGroupVersion()
              : group.getVersions().isEmpty() ? null : group.getVersions().get(0).getGroupVersion();
      if (gv != null) {
        out.add(new GroupVersion(group.getName(), gv.substring(gv.indexOf('/') + 1)));
      }
    }
    return out;
  }

  /**
   * The types of one group version that are synced: no subresources, list and watch both allowed,
   * and wanted by the configuration's type rules.
   */
  static List<ResourceType> wantedTypes(GroupVersion gv, APIResourceList list, SyncConfig sync) {
    List<ResourceType> out = new ArrayList<>();
    for (APIResource r : list.getResources()) {
      if (r.getName().contains("/")
          || r.getVerbs() == null
          || !r.getVerbs().contains("list")
          || !r.getVerbs().contains("watch")
          || !sync.wants(gv.group(), r.getName())) {
        continue;
      }
      out.add(
          new ResourceType(
              gv.group(),
              gv.version(),
              r.getName(),
              r.getKind(),
              Boolean.TRUE.equals(r.getNamespaced())));
    }
    return out;
  }

  private void addGroupVersion(
      KubernetesClient client,
      RequestLimiter limiter,
      GroupVersion gv,
      List<ResourceType> out,
      Set<String> failed,
      List<String> problems)
      throws InterruptedException {
    APIResourceList list;
    limiter.acquire();
    try {
      list = client.getApiResources(gv.path());
    } catch (RuntimeException e) {
      failed.add(gv.group());
      problems.add(gv.path() + ": " + e.getMessage());
      return;
    }
    if (list == null) {
      failed.add(gv.group());
      problems.add(gv.path() + ": no resource list");
      return;
    }
    out.addAll(wantedTypes(gv, list, sync));
  }
}
