package io.allkinds.model;

import java.time.Instant;

/** A cluster as the API shows it: its state, how many types and live objects it has, its last change. */
public record ClusterStatusView(
    String name, String server, String state, String message, long resourceTypes, long objects,
    Instant updatedAt, Instant lastChangeAt) {}
