package io.allkinds.config;

import io.allkinds.model.EventType;
import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which journal entries a sink delivers. Every list empty means "any": clusters and namespaces are
 * globs; a type matches a {@code kinds} or a {@code resources} pattern; set namespaces leave out
 * cluster-scoped objects. The label selector and {@code changed}, a list of JSON pointer prefixes
 * that a modification must touch, need the object itself: {@link #matchesEntry} decides what it can
 * without it, {@link #matchesLabels} and {@link #needsChangedPaths} the rest.
 */
public record SinkFilter(
    List<Glob> clusters,
    List<TypePattern> kinds,
    List<TypePattern> resources,
    List<Glob> namespaces,
    List<LabelRequirement> labels,
    Set<EventType> changeTypes,
    List<String> changed) {

  public SinkFilter {
    clusters = List.copyOf(clusters);
    kinds = List.copyOf(kinds);
    resources = List.copyOf(resources);
    namespaces = List.copyOf(namespaces);
    labels = List.copyOf(labels);
    changeTypes = changeTypes.isEmpty() ? Set.of(EventType.values()) : Set.copyOf(changeTypes);
    changed = List.copyOf(changed);
  }

  /** Everything. */
  public static SinkFilter any() {
    return new SinkFilter(
        List.of(), List.of(), List.of(), List.of(), List.of(), Set.of(), List.of());
  }

  /** Whether an entry's cluster, type, namespace and change type pass. */
  public boolean matchesEntry(
      String cluster, ResourceType type, String namespace, EventType eventType) {
    if (!changeTypes.contains(eventType) || !anyGlob(clusters, cluster)) {
      return false;
    }
    if (!namespaces.isEmpty()
        && (namespace == null || namespace.isEmpty() || !anyGlob(namespaces, namespace))) {
      return false;
    }
    if (kinds.isEmpty() && resources.isEmpty()) {
      return true;
    }
    for (TypePattern k : kinds) {
      if (k.matches(type.group(), type.kind())) {
        return true;
      }
    }
    for (TypePattern r : resources) {
      if (r.matches(type.group(), type.resource())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the object's labels satisfy the label selector. */
  public boolean matchesLabels(Map<String, String> objectLabels) {
    for (LabelRequirement r : labels) {
      if (!r.matches(objectLabels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a modification of this type must touch one of {@link #changed} to match. */
  public boolean needsChangedPaths(EventType eventType) {
    return eventType == EventType.MODIFIED && !changed.isEmpty();
  }

  private static boolean anyGlob(List<Glob> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
