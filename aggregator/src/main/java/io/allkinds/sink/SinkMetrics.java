package io.allkinds.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sink's meters, tagged with its name: events delivered, retries, events dead-lettered, the lag
 * in entries and in seconds (while this replica delivers it), and the time from a change being
 * stored to its receiver accepting it.
 */
final class SinkMetrics {

  private final Counter delivered;
  private final Counter retries;
  private final Counter deadLettered;
  private final Timer deliveryLag;
  private final AtomicLong lagEntries = new AtomicLong();
  private final AtomicReference<Instant> oldestPending = new AtomicReference<>();

  SinkMetrics(MeterRegistry registry, String sink) {
    delivered =
        Counter.builder("allkinds.sink.delivered")
            .tag("sink", sink)
            .description("Events the sink's receiver accepted")
            .register(registry);
    retries =
        Counter.builder("allkinds.sink.retries")
            .tag("sink", sink)
            .description("Requests to the sink's receiver that failed and were tried again")
            .register(registry);
    deadLettered =
        Counter.builder("allkinds.sink.dead.lettered")
            .tag("sink", sink)
            .description("Events the receiver refused for good, kept in the dead-letter table")
            .register(registry);
    deliveryLag =
        Timer.builder("allkinds.sink.delivery.lag")
            .tag("sink", sink)
            .description("From a change being stored to the receiver accepting its event")
            .register(registry);
    Gauge.builder("allkinds.sink.lag.entries", lagEntries, AtomicLong::get)
        .tag("sink", sink)
        .description("Journal entries after the sink's cursor (on the replica delivering it)")
        .register(registry);
    Gauge.builder("allkinds.sink.lag.seconds", oldestPending, SinkMetrics::age)
        .tag("sink", sink)
        .description("Age of the oldest change the sink has yet to deliver")
        .register(registry);
  }

  private static double age(AtomicReference<Instant> oldest) {
    Instant t = oldest.get();
    return t == null ? 0 : Math.max(0, Duration.between(t, Instant.now()).toMillis() / 1000.0);
  }

  void accepted(CloudEvent event, Instant at) {
    delivered.increment();
    deliveryLag.record(Duration.between(event.time(), at));
  }

  void retried() {
    retries.increment();
  }

  void deadLettered(int events) {
    deadLettered.increment(events);
  }

  void position(long cursor, long head, Instant oldest) {
    lagEntries.set(Math.max(0, head - cursor));
    oldestPending.set(oldest);
  }
}
