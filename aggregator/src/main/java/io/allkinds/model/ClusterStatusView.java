package io.allkinds.model;

import java.time.Instant;

/**
 * A cluster as the API shows it: its state, how many types it has and how many of them finished
 * their first list (progress during a sync), its live objects, its last change and, when several
 * replicas share the store, the replica that syncs it ({@code owner}, null otherwise).
 */
public record ClusterStatusView(
    String name,
    String server,
    String state,
    String message,
    long resourceTypes,
    long typesSynced,
    long objects,
    Instant updatedAt,
    Instant lastChangeAt,
    String owner) {}
