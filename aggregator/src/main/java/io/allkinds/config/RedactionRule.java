package io.allkinds.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Values blanked before an object is stored: for objects whose API group and kind match the globs,
 * every value at one of {@code paths} (JSON pointers whose segments may be {@code *}, any key or
 * index), and, with {@code whenName}, only where the object holding the value has a {@code name}
 * field matching that regular expression (an {@code env} entry named like a password, say).
 */
public record RedactionRule(String group, String kind, List<String> paths, Pattern whenName) {

  public RedactionRule {
    paths = List.copyOf(paths);
  }

  /** Whether the rule applies to objects of this API group and kind. */
  public boolean appliesTo(String apiGroup, String objectKind) {
    return new Glob(group).matches(apiGroup) && new Glob(kind).matches(objectKind);
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group)
        + "/"
        + kind
        + paths
        + (whenName == null ? "" : " when name ~ " + whenName);
  }
}
