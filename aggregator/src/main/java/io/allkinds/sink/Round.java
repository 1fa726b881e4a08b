package io.allkinds.sink;

import io.allkinds.store.SinkDeadLetters;
import java.time.Instant;
import java.util.List;

/**
 * One step of a sink's delivery, read from the store: the cursor it starts from, the events to send
 * (oldest first), the position the cursor reaches once they are all accepted, when the oldest
 * undelivered entry was stored (null when caught up), and dead letters to resend first.
 */
record Round(
    long from,
    List<CloudEvent> events,
    long to,
    Instant oldestPending,
    List<SinkDeadLetters.Resend> resends) {

  Round {
    events = List.copyOf(events);
    resends = List.copyOf(resends);
  }

  /** Whether there was nothing to do: no entry after the cursor and no dead letter to resend. */
  boolean idle() {
    return to <= from && resends.isEmpty();
  }
}
