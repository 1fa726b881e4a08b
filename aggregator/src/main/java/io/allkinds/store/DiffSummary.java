package io.allkinds.store;

import io.allkinds.model.ChangeFacts;
import io.allkinds.model.DiffChange;
import io.allkinds.model.DiffItem;
import io.allkinds.model.EventType;
import io.allkinds.model.FieldManager;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Folds one object's journal entries in a window, oldest first, into its {@link DiffItem}: the
 * first entry decides added (or transient), the last deleted; the changed paths are the union of
 * every entry's (unknown as soon as one entry's are); the actors the union of every entry's.
 */
final class DiffSummary {

  private final String cluster;
  private final ResourceType type;
  private final String namespace;
  private final String name;
  private String uid;
  private int changes;
  private EventType firstType;
  private EventType lastType;
  private long firstSeq;
  private long lastSeq;
  private Instant firstAt;
  private Instant lastAt;
  private final TreeSet<String> paths = new TreeSet<>();
  private boolean pathsUnknown;
  private final List<FieldManager> actors = new ArrayList<>();
  private String appliedBy;

  DiffSummary(String cluster, ResourceType type, String namespace, String name) {
    this.cluster = cluster;
    this.type = type;
    this.namespace = namespace;
    this.name = name;
  }

  /** Adds the object's next entry in the window. */
  void add(long seq, String entryUid, EventType eventType, Instant at, ChangeFacts facts) {
    if (changes == 0) {
      firstType = eventType;
      firstSeq = seq;
      firstAt = at;
    }
    changes++;
    lastType = eventType;
    lastSeq = seq;
    lastAt = at;
    uid = entryUid;
    if (facts.changed() == null) {
      pathsUnknown = true;
    } else {
      paths.addAll(facts.changed());
    }
    for (FieldManager a : facts.actors()) {
      if (actors.stream().noneMatch(a::sameWriter)) {
        actors.add(a);
      }
    }
    if (facts.appliedBy() != null) {
      appliedBy = facts.appliedBy();
    }
  }

  /** The object's key, as the journal spells it ({@code ""} for no namespace). */
  ObjectKey key() {
    return new ObjectKey(
        cluster, type.group(), type.resource(), namespace == null ? "" : namespace, name);
  }

  DiffItem item() {
    DiffChange change = DiffChange.of(firstType, lastType);
    List<String> changed = pathsUnknown ? null : List.copyOf(paths);
    boolean statusOnly =
        change == DiffChange.MODIFIED
            && changed != null
            && !changed.isEmpty()
            && changed.stream().allMatch(p -> p.equals("/status") || p.startsWith("/status/"));
    return new DiffItem(
        cluster,
        type,
        namespace,
        name,
        uid,
        change,
        changes,
        firstSeq,
        lastSeq,
        firstAt,
        lastAt,
        changed,
        statusOnly,
        actors,
        appliedBy);
  }
}
