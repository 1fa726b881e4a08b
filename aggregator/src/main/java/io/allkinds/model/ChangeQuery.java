package io.allkinds.model;

import java.time.Instant;
import java.util.List;

/**
 * Filters for a slice of the journal, ascending by sequence number, after {@code afterSeq} and up
 * to {@code untilSeq} (0: no bound); null means "any".
 */
public record ChangeQuery(
    List<String> clusters, String group, String version, String kind, String namespace, String name,
    EventType type, Instant since, Instant until, long afterSeq, long untilSeq, int limit) {

  public ChangeQuery {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /** The same filters for the slice after {@code after} up to {@code upTo}. */
  public ChangeQuery slice(long after, long upTo, int max) {
    return new ChangeQuery(clusters, group, version, kind, namespace, name, type, since, until, after, upTo, max);
  }
}
