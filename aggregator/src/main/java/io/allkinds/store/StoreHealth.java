package io.allkinds.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;

/**
 * Whether the store takes the writer's changes, as the writer last found it: {@code ok}, or {@code
 * degraded} with the reason and since when (ingestion pauses and resumes by itself); and whether
 * the writer can still make progress by itself at all (its thread alive, no {@link Error}).
 */
public final class StoreHealth {

  /** The store's state as the API shows it. */
  public enum State {
    OK,
    DEGRADED;

    /** The lower-case name the API uses. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One consistent reading: state, reason (null when ok), since when, and the writer's liveness.
   */
  public record Snapshot(
      State state, String reason, Instant since, boolean writerAlive, String writerFailure) {}

  private final Clock clock;
  private volatile Snapshot snapshot;

  /** Starts {@code ok}, with a live writer. */
  public StoreHealth(Clock clock) {
    this.clock = clock;
    this.snapshot = new Snapshot(State.OK, null, clock.instant(), true, null);
  }

  /**
   * Registers {@code allkinds.store.state} (0 ok, 1 degraded) and {@code
   * allkinds.store.writer.alive}.
   */
  public StoreHealth bindTo(MeterRegistry metrics) {
    Gauge.builder("allkinds.store.state", this, h -> h.snapshot.state() == State.OK ? 0 : 1)
        .description(
            "The store's state as the writer finds it: 0 ok, 1 degraded (ingestion paused)")
        .register(metrics);
    Gauge.builder("allkinds.store.writer.alive", this, h -> h.snapshot.writerAlive() ? 1 : 0)
        .description(
            "1 while the store writer can make progress by itself, 0 once it stopped for good")
        .register(metrics);
    return this;
  }

  /** The current reading. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * Whether the writer can still make progress by itself; false means the process needs a restart.
   */
  public boolean writerAlive() {
    return snapshot.writerAlive();
  }

  /**
   * The store refuses writes for {@code reason}; the time it started is kept across repeated
   * reports.
   */
  synchronized void degraded(String reason) {
    Snapshot s = snapshot;
    Instant since = s.state() == State.DEGRADED ? s.since() : clock.instant();
    snapshot = new Snapshot(State.DEGRADED, reason, since, s.writerAlive(), s.writerFailure());
  }

  /** The store takes writes again. */
  synchronized void ok() {
    Snapshot s = snapshot;
    if (s.state() != State.OK) {
      snapshot = new Snapshot(State.OK, null, clock.instant(), s.writerAlive(), s.writerFailure());
    }
  }

  /** The writer stopped for good because of {@code failure}. */
  synchronized void writerDied(String failure) {
    Snapshot s = snapshot;
    snapshot = new Snapshot(s.state(), s.reason(), s.since(), false, failure);
  }
}
