package io.allkinds.model;

import java.time.Instant;
import java.util.List;

/** Filters for a slice of the journal, ascending by sequence number after {@code afterSeq}; null means "any". */
public record ChangeQuery(
    List<String> clusters, String group, String version, String kind, String namespace, String name,
    EventType type, Instant since, Instant until, long afterSeq, int limit) {

  public ChangeQuery {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }
}
