package io.allkinds.store;

/**
 * The hash of an object's cluster and type that its label rows carry ({@code
 * object_labels.type_hash}), so that the label index holds a label's objects of one cluster and
 * type together. It is Java's String hash, which the language defines, so every version and replica
 * computes the same one; other types with the same hash only cost a row read, as queries compare
 * the object's own columns too.
 */
public final class TypeHash {

  private TypeHash() {}

  /** The hash of one cluster's type {@code group}/{@code resource}. */
  public static int of(String cluster, String group, String resource) {
    return (cluster + '\n' + group + '\n' + resource).hashCode();
  }
}
