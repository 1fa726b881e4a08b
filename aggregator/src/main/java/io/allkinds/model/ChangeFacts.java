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

  /** The journal's {@code changed_paths} column: {@code ,/spec,/status,}; null when unknown. */
  public String storedChanged() {
    return changed == null
        ? null
        : StoredText.delimited(changed.stream().map(StoredText::escape).toList());
  }

  /**
   * The journal's {@code actors} column: {@code ,manager|Operation|subresource,}; null for none.
   */
  public String storedActors() {
    if (actors.isEmpty()) {
      return null;
    }
    return StoredText.delimited(
        actors.stream()
            .map(
                a ->
                    StoredText.escape(a.manager())
                        + "|"
                        + StoredText.escape(a.operation())
                        + "|"
                        + StoredText.escape(a.subresource()))
            .toList());
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
