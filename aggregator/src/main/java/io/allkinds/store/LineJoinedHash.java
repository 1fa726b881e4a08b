package io.allkinds.store;

/**
 * Java's String hash of texts joined by line feeds ({@code String.join("\n", parts).hashCode()}),
 * the form {@link EdgeSourceKey} and {@link EdgeTargetKey} are defined in, worked out from the
 * parts' own hashes (which strings keep once asked) instead of building the joined text: the
 * writer's thread keys every edge set it starts or ends.
 */
final class LineJoinedHash {

  private LineJoinedHash() {}

  /** The hash of {@code parts} joined by {@code '\n'}. */
  static int of(String... parts) {
    int hash = 0;
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        hash = 31 * hash + '\n';
      }
      hash = hash * shift(parts[i].length()) + parts[i].hashCode();
    }
    return hash;
  }

  /**
   * 31 to the power {@code length}: each character of a String multiplies the hash of what comes
   * before it by 31.
   */
  private static int shift(int length) {
    int power = 1;
    int base = 31;
    for (int n = length; n > 0; n >>= 1) {
      if ((n & 1) != 0) {
        power *= base;
      }
      base *= base;
    }
    return power;
  }
}
