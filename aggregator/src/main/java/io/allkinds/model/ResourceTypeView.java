package io.allkinds.model;

import java.time.Instant;

/**
 * A resource type of one cluster as the API shows it, with its sync state and live object count.
 */
public record ResourceTypeView(
    String cluster,
    ResourceType type,
    String state,
    String message,
    long objects,
    Instant lastChangeAt,
    Instant listedAt) {}
