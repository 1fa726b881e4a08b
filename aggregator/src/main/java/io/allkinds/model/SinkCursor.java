package io.allkinds.model;

import java.time.Instant;

/**
 * A sink's stored progress: every journal entry up to {@code deliveredSeq} is done with (accepted,
 * filtered out, dead-lettered or skipped); {@code replayFrom}, when set, asks its deliverer to
 * restart at that entry. The counters add up over the sink's life.
 */
public record SinkCursor(
    String name,
    long deliveredSeq,
    Long replayFrom,
    long delivered,
    long retries,
    long deadLettered,
    long skipped,
    boolean lagging,
    String lastError,
    Instant lastErrorAt,
    Instant lastDeliveredAt) {}
