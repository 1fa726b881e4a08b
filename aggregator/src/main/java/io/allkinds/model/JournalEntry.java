package io.allkinds.model;

import java.time.Instant;

/**
 * One journal row: a change to one object, with its global sequence number; {@code objectJson} only
 * when asked for; {@code facts}: what it changed and who made it.
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
    String objectJson,
    ChangeFacts facts) {

  public JournalEntry {
    facts = facts == null ? ChangeFacts.NONE : facts;
  }
}
