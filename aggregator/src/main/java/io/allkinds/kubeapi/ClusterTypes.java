package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.allkinds.model.ResourceTypeView;
import io.allkinds.model.SyncState;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource types one cluster (or the whole fleet) has in the store, each at the version it is
 * stored at, as discovery and the object routes see them. Types the cluster no longer serves
 * ('gone') are left out of the cluster as it is now, and kept in the past, where their objects may
 * still be.
 */
record ClusterTypes(List<ResourceType> types) {

  private static final Pattern KUBE_VERSION =
      Pattern.compile("v(\\d{1,6})(?:(alpha|beta)(\\d{1,6}))?");

  /**
   * Kube-apiserver's version priority: GA before beta before alpha, higher numbers first, and
   * versions of any other shape last, alphabetically.
   */
  static final Comparator<String> VERSION_PRIORITY =
      Comparator.comparingLong(ClusterTypes::rank)
          .reversed()
          .thenComparing(Comparator.naturalOrder());

  ClusterTypes {
    types = List.copyOf(types);
  }

  /** The types of {@code stored} to serve: without the gone ones unless {@code past}. */
  static ClusterTypes of(List<ResourceTypeView> stored, boolean past) {
    Set<ResourceType> types = new LinkedHashSet<>(); // once, when several clusters store a type
    for (ResourceTypeView t : stored) {
      if (past || !SyncState.GONE.wireName().equals(t.state())) {
        types.add(t.type());
      }
    }
    return new ClusterTypes(List.copyOf(types));
  }

  /** Each group ('' for core) and its versions, best first; groups by name. */
  TreeMap<String, List<String>> groups() {
    TreeMap<String, TreeSet<String>> versions = new TreeMap<>();
    for (ResourceType t : types) {
      versions.computeIfAbsent(t.group(), g -> new TreeSet<>(VERSION_PRIORITY)).add(t.version());
    }
    TreeMap<String, List<String>> out = new TreeMap<>();
    versions.forEach((g, v) -> out.put(g, List.copyOf(v)));
    return out;
  }

  /** The types stored at {@code group}/{@code version}, by resource. */
  List<ResourceType> resources(String group, String version) {
    return types.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .sorted(Comparator.comparing(ResourceType::resource))
        .toList();
  }

  /** The type a path names, if it is stored at that version. */
  Optional<ResourceType> find(String group, String version, String resource) {
    return types.stream()
        .filter(
            t ->
                t.group().equals(group)
                    && t.version().equals(version)
                    && t.resource().equals(resource))
        .findFirst();
  }

  private static long rank(String version) {
    Matcher m = KUBE_VERSION.matcher(version);
    if (!m.matches()) {
      return -1;
    }
    long major = Long.parseLong(m.group(1));
    int stage = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
    long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return stage * 1_000_000_000_000L + major * 1_000_000 + minor;
  }
}
