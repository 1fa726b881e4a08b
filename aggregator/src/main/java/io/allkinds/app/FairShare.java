package io.allkinds.app;

/**
 * How many of {@code clusters} one of {@code replicas} live replicas should sync: the count rounded
 * up, so that every cluster has a replica even when they do not divide evenly.
 */
record FairShare(int clusters, int replicas) {

  FairShare {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1 (this one is alive)");
    }
  }

  /** The most clusters one replica should hold. */
  int share() {
    return (clusters + replicas - 1) / replicas;
  }

  /** Whether a replica holding {@code held} clusters should hand one back. */
  boolean tooMany(int held) {
    return held > share();
  }

  /** Whether a replica holding {@code held} clusters may take another. */
  boolean roomFor(int held) {
    return held < share();
  }
}
