package io.allkinds.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store writer's figures: its queue, batches and changes committed, commit retries, degraded
 * changes and journal entries by type, as meters and as plain counts.
 */
final class WriterMetrics {

  private final MeterRegistry registry;
  private final Timer batchTimer;
  private final Counter retries;
  private final Counter degradedChanges;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong opsWritten = new AtomicLong();

  WriterMetrics(MeterRegistry registry, OpQueue queue) {
    this.registry = registry;
    Gauge.builder("allkinds.queue.depth", queue, OpQueue::size)
        .description("Changes waiting for the store writer")
        .register(registry);
    Gauge.builder("allkinds.queue.depth.peak", queue, OpQueue::peakSize)
        .description("The most changes that waited for the store writer at once since start")
        .register(registry);
    FunctionCounter.builder("allkinds.queue.full.waits", queue, OpQueue::fullWaits)
        .description("Times a watch or list waited for room in the writer's queue")
        .register(registry);
    this.retries =
        Counter.builder("allkinds.store.write.retries")
            .description("Batch commits retried because the store could not be reached")
            .register(registry);
    this.degradedChanges =
        Counter.builder("allkinds.store.degraded.changes")
            .description(
                "Changes the store refused as they were, stored in degraded form (marked "
                    + DegradedOps.ANNOTATION
                    + ")")
            .register(registry);
    this.batchTimer =
        Timer.builder("allkinds.batch.write")
            .description("Time to write one batch of changes")
            .register(registry);
  }

  /** A commit failed on a store-wide fault and will be retried. */
  void retried() {
    retries.increment();
  }

  /** A change was stored in its degraded form. */
  void degraded() {
    degradedChanges.increment();
  }

  /** A batch of {@code ops} changes committed in {@code nanos}, journaling {@code journaled}. */
  void committed(int ops, long nanos, Map<BatchFigures.JournalKey, Long> journaled) {
    batches.incrementAndGet();
    opsWritten.addAndGet(ops);
    batchTimer.record(nanos, TimeUnit.NANOSECONDS);
    journaled.forEach(
        (key, n) ->
            Counter.builder("allkinds.changes.ingested")
                .description("Changes journaled, by cluster, resource type and change type")
                .tags(
                    "cluster",
                    key.cluster(),
                    "group",
                    key.group(),
                    "resource",
                    key.resource(),
                    "type",
                    key.type())
                .register(registry)
                .increment(n));
  }

  /** How many batches were committed since start. */
  long batches() {
    return batches.get();
  }

  /** How many ops were committed since start. */
  long opsWritten() {
    return opsWritten.get();
  }
}
