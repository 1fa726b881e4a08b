package io.allkinds.bench;

/** One round of the fleet benchmark: what the aggregator held with {@code clusters} clusters. */
record FleetRow(
    int clusters,
    String ready,
    long typesPerCluster,
    long rssMb,
    long rssPeakMb,
    long heapAfterGcMb,
    long threads,
    long openFiles,
    String tcpPerServer,
    long queuePeak) {

  static final String HEADER =
      "| clusters | ready (s) | types/cluster | RSS MB (peak) | heap after GC MB | threads | fds"
          + " | fds/cluster | TCP per API server | writer queue peak |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

  /** The row of the Markdown table. */
  String markdown() {
    return String.format(
        "| %d | %s | %d | %d (%d) | %s | %d | %d | %.1f | %s | %d |",
        clusters,
        ready,
        typesPerCluster,
        rssMb,
        rssPeakMb,
        heapAfterGcMb < 0 ? "n/a" : String.valueOf(heapAfterGcMb),
        threads,
        openFiles,
        openFiles / (double) clusters,
        tcpPerServer,
        queuePeak);
  }
}
