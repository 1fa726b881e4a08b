package io.allkinds.model;

import java.time.Instant;
import java.util.List;

/**
 * One object in a window's diff: how it changed ({@code change}), how many journal entries it has
 * in the window, the first and last of them, the union of the paths they changed (null when any
 * entry's paths are unknown), whether only {@code /status} changed, the field managers that wrote
 * them and the tool that last applied it.
 */
public record DiffItem(
    String cluster,
    ResourceType type,
    String namespace,
    String name,
    String uid,
    DiffChange change,
    int changes,
    long firstSeq,
    long lastSeq,
    Instant firstAt,
    Instant lastAt,
    List<String> changed,
    boolean statusOnly,
    List<FieldManager> actors,
    String appliedBy) {

  public DiffItem {
    changed = changed == null ? null : List.copyOf(changed);
    actors = List.copyOf(actors);
  }
}
