package io.allkinds.model;

/**
 * A sink's stored progress and what follows from it: the replica delivering it (null: none), the
 * journal's head, the entries after its cursor and how long the oldest of them has waited.
 */
public record SinkStatus(
    SinkCursor cursor,
    String replica,
    long head,
    long lagEntries,
    double lagSeconds,
    SinkState state) {}
