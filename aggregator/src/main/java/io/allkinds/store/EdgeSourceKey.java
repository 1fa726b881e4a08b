package io.allkinds.store;

import io.allkinds.model.ObjectKey;

/**
 * The number an object's edge sets are found by ({@code object_edge_sets.source_key}): the high 32
 * bits hash the cluster, group, resource and namespace, the low 32 bits the name, so the sets of
 * one type in one namespace lie in one range of the index ({@link #namespaceFrom}, {@link
 * #namespaceTo}) and a list, sorted by namespace and name, inserts near where it inserted last.
 * Java's String hash, which the language defines, so every version and replica computes the same
 * one. A number instead of the five text columns: as an index of text, it cost a first list on H2
 * some 6 µs of CPU an object (ExplainWriterBenchmark). Sources that share a key only cost a row
 * read, as readers compare the set's own columns.
 */
public final class EdgeSourceKey {

  private EdgeSourceKey() {}

  /** The key of {@code source}'s sets. */
  public static long of(ObjectKey source) {
    return (high(source.cluster(), source.group(), source.resource(), source.namespace()) << 32)
        | (source.name().hashCode() & 0xFFFF_FFFFL);
  }

  /** The lowest key of the sets of a type in a namespace. */
  public static long namespaceFrom(
      String cluster, String group, String resource, String namespace) {
    return high(cluster, group, resource, namespace) << 32;
  }

  /** The highest key of the sets of a type in a namespace. */
  public static long namespaceTo(String cluster, String group, String resource, String namespace) {
    return namespaceFrom(cluster, group, resource, namespace) | 0xFFFF_FFFFL;
  }

  private static long high(String cluster, String group, String resource, String namespace) {
    return LineJoinedHash.of(cluster, group, resource, namespace);
  }
}
