package io.allkinds.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Filters for a slice of the journal, ascending by sequence number, after {@code afterSeq} and up
 * to {@code untilSeq} (0: no bound); null means "any". {@code changed} keeps the modifications that
 * touched one of its JSON pointer prefixes (and every addition and deletion); {@code manager} the
 * entries a field manager or tool of that name made.
 */
public record ChangeQuery(
    List<String> clusters,
    String group,
    String version,
    String kind,
    String namespace,
    String name,
    EventType type,
    Instant since,
    Instant until,
    List<String> changed,
    String manager,
    long afterSeq,
    long untilSeq,
    int limit) {

  public ChangeQuery {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    changed = changed == null ? List.of() : List.copyOf(changed);
  }

  /** The same filters for the slice after {@code after} up to {@code upTo}. */
  public ChangeQuery slice(long after, long upTo, int max) {
    return new ChangeQuery(
        clusters, group, version, kind, namespace, name, type, since, until, changed, manager,
        after, upTo, max);
  }

  /** Every entry, no filter. */
  public static ChangeQuery all(long after, long upTo, int max) {
    return new ChangeQuery(
        List.of(), null, null, null, null, null, null, null, null, List.of(), null, after, upTo,
        max);
  }

  /** Whether {@code e} passes the filters (not the slice bounds): the in-memory twin of the SQL. */
  public boolean matches(JournalEntry e) {
    return (clusters.isEmpty() || clusters.contains(e.cluster()))
        && (group == null || group.equals(e.type().group()))
        && (version == null || version.isEmpty() || version.equals(e.type().version()))
        && (kind == null
            || kind.isEmpty()
            || kind.toLowerCase(Locale.ROOT).equals(e.type().kind().toLowerCase(Locale.ROOT)))
        && (namespace == null || namespace.isEmpty() || namespace.equals(e.namespace()))
        && (name == null || name.isEmpty() || name.equals(e.name()))
        && (type == null || type == e.eventType())
        && (since == null || !e.observedAt().isBefore(since))
        && (until == null || e.observedAt().isBefore(until))
        && (changed.isEmpty() || touchesAny(e))
        && (manager == null || manager.isEmpty() || e.facts().madeBy(manager));
  }

  /**
   * Additions and deletions pass a {@code changed} filter; a modification passes when it touched a
   * path at, under or above one of the prefixes, or when its paths are unknown.
   */
  private boolean touchesAny(JournalEntry e) {
    return e.eventType() != EventType.MODIFIED || changed.stream().anyMatch(e.facts()::touches);
  }
}
