package io.allkinds.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What the writer worked out about one journal entry: the top JSON pointer paths it changed
 * (bookkeeping left out; null when unknown: additions, deletions, or the version before was stored
 * before these were kept), the field managers that wrote it, and the tool its annotations name
 * ({@code helm:<ns>/<release>}, {@code argocd:<app>}, {@code flux:<ns>/<name>}; null when none).
 */
public record ChangeFacts(List<String> changed, List<FieldManager> actors, String appliedBy) {

  /** Nothing known. */
  public static final ChangeFacts NONE = new ChangeFacts(null, List.of(), null);

  public ChangeFacts {
    changed = changed == null ? null : List.copyOf(changed);
    actors = actors == null ? List.of() : List.copyOf(actors);
  }

  /**
   * Whether the entry touched a path at, under or above {@code prefix}; an entry whose paths are
   * unknown counts as touching every path (nothing shows it did not).
   */
  public boolean touches(String prefix) {
    if (changed == null) {
      return true;
    }
    for (String path : changed) {
      if (path.equals(prefix) || path.startsWith(prefix + "/") || prefix.startsWith(path + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a field manager named {@code name}, or the tool {@code name}, made the change. */
  public boolean madeBy(String name) {
    if (appliedBy != null && appliedBy.startsWith(name + ":")) {
      return true;
    }
    return actors.stream().anyMatch(a -> a.manager().equals(name));
  }

  /**
   * The facts of a change to an object whose digest is {@code now}, from the version whose digest
   * is {@code before} (null: no live version before, or one stored before digests were kept).
   * Additions name every field manager; modifications the ones that wrote this version (when the
   * version before is unknown, those with the latest time) and the paths that differ; deletions
   * name nobody: the object does not tell who deleted it.
   */
  public static ChangeFacts of(EventType type, ObjectDigest now, ObjectDigest before) {
    if (now == null) {
      return NONE;
    }
    return switch (type) {
      case ADDED -> new ChangeFacts(null, now.managers(), now.appliedBy());
      case DELETED -> new ChangeFacts(null, List.of(), now.appliedBy());
      case MODIFIED ->
          before == null
              ? new ChangeFacts(null, latest(now.managers()), now.appliedBy())
              : new ChangeFacts(now.changedSince(before), now.actorsSince(before), now.appliedBy());
    };
  }

  private static List<FieldManager> latest(List<FieldManager> managers) {
    String newest = managers.stream().map(FieldManager::time).max(String::compareTo).orElse("");
    return managers.stream().filter(m -> m.time().equals(newest)).toList();
  }

  /** The journal's {@code changed_paths} column: {@code ,/spec,/status,}; null when unknown. */
  public String storedChanged() {
    if (changed == null) {
      return null;
    }
    StoredText.Delimited text = new StoredText.Delimited();
    for (String path : changed) { // loops, not streams: the writer's thread makes one per entry
      text.item(path);
    }
    return text.text();
  }

  /**
   * The journal's {@code actors} column: {@code ,manager|Operation|subresource,}; null for none.
   */
  public String storedActors() {
    if (actors.isEmpty()) {
      return null;
    }
    StoredText.Delimited text = new StoredText.Delimited();
    for (FieldManager a : actors) {
      text.item(a.manager()).field(a.operation()).field(a.subresource());
    }
    return text.text();
  }

  /** The facts the journal's three columns hold. */
  public static ChangeFacts fromStored(String changedPaths, String actors, String appliedBy) {
    List<String> changed =
        changedPaths == null
            ? null
            : StoredText.items(changedPaths).stream().map(StoredText::unescape).toList();
    List<FieldManager> managers = new ArrayList<>();
    List<String> items = StoredText.items(actors);
    if (items != null) {
      for (String item : items) {
        String[] f = item.split("\\|", -1);
        managers.add(
            new FieldManager(
                StoredText.unescape(f[0]),
                f.length > 1 ? StoredText.unescape(f[1]) : "",
                f.length > 2 ? StoredText.unescape(f[2]) : "",
                ""));
      }
    }
    if (changed == null && managers.isEmpty() && appliedBy == null) {
      return NONE;
    }
    return new ChangeFacts(changed, managers, appliedBy);
  }
}
