package io.allkinds.model;

import java.time.Instant;

/**
 * An event a sink's receiver refused for good: which change it was, when and how it was refused,
 * and whether a replay was asked for.
 */
public record DeadLetter(
    long seq,
    String cluster,
    String group,
    String kind,
    String namespace,
    String name,
    EventType eventType,
    Instant failedAt,
    int attempts,
    int status,
    String error,
    boolean replayRequested) {}
