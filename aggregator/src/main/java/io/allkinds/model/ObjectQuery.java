package io.allkinds.model;

import java.time.Instant;
import java.util.List;

/**
 * Filters, order and paging for an inventory listing; null or empty means "any" (for {@code group},
 * the empty string is the core group). {@code after} is where the previous page ended; {@code
 * asOf}, when set, asks for the inventory as it stood at that instant.
 */
public record ObjectQuery(
    List<String> clusters,
    String group,
    String version,
    String kind,
    String resource,
    String namespace,
    String name,
    List<LabelRequirement> selector,
    String text,
    boolean includeDeleted,
    boolean full,
    int limit,
    ObjectSort sort,
    ObjectCursor after,
    Instant asOf) {

  public ObjectQuery {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    selector = selector == null ? List.of() : List.copyOf(selector);
    sort = sort == null ? ObjectSort.KEY : sort;
  }

  /** The same query, continuing after {@code cursor}. */
  public ObjectQuery continuingAfter(ObjectCursor cursor) {
    return new ObjectQuery(
        clusters,
        group,
        version,
        kind,
        resource,
        namespace,
        name,
        selector,
        text,
        includeDeleted,
        full,
        limit,
        sort,
        cursor,
        asOf);
  }

  /** A query for one object by identity, at {@code asOf} or now. */
  public static ObjectQuery single(ObjectName object, Instant asOf) {
    return new ObjectQuery(
        List.of(object.cluster()),
        object.group(),
        object.version(),
        object.kind(),
        null,
        object.namespace(),
        object.name(),
        List.of(),
        null,
        false,
        true,
        1,
        ObjectSort.KEY,
        null,
        asOf);
  }

  /**
   * A key-ordered query of whole objects of one stored type (group and plural resource) of the
   * given clusters (every one when none is named), at {@code asOf} or now; {@code namespace} '' for
   * a cluster-scoped type, null for any.
   */
  public static ObjectQuery ofType(
      List<String> clusters,
      String group,
      String resource,
      String namespace,
      String name,
      List<LabelRequirement> selector,
      int limit,
      ObjectCursor after,
      Instant asOf) {
    return new ObjectQuery(
        clusters,
        group,
        null,
        null,
        resource,
        namespace,
        name,
        selector,
        null,
        false,
        true,
        limit,
        ObjectSort.KEY,
        after,
        asOf);
  }
}
