package io.allkinds.model;

import java.util.List;

/**
 * Filters and paging for an inventory listing; null or empty means "any". {@code after} is the
 * key of the last object of the previous page.
 */
public record ObjectQuery(
    List<String> clusters, String group, String version, String kind, String resource, String namespace, String name,
    boolean includeDeleted, boolean full, int limit, ObjectKey after) {

  public ObjectQuery {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }
}
