package io.allkinds.model;

import java.time.Instant;

/**
 * One journal row: a change to one object, with its global sequence number; {@code objectJson} only
 * when asked for.
 */
public record JournalEntry(
    long seq,
    String cluster,
    ResourceType type,
    String namespace,
    String name,
    String uid,
    EventType eventType,
    Instant observedAt,
    String resourceVersion,
    String objectJson) {}
