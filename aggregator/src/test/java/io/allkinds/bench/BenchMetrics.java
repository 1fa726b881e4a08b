package io.allkinds.bench;

import io.allkinds.testing.Api;

/** Reads one figure off an aggregator's {@code /metrics} (Prometheus text). */
final class BenchMetrics {

  private BenchMetrics() {}

  /** The first sample of {@code name} (with or without labels), or -1 when absent. */
  static double value(Api api, String name) {
    return api.get("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .mapToDouble(Double::parseDouble)
        .findFirst()
        .orElse(-1);
  }
}
