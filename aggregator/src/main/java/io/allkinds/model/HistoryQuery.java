package io.allkinds.model;

/**
 * One object's journal: by identity (cluster, group, version, kind, namespace, name) or by uid,
 * oldest first, {@code limit} entries after sequence number {@code afterSeq}.
 */
public record HistoryQuery(
    String cluster,
    String group,
    String version,
    String kind,
    String namespace,
    String name,
    String uid,
    long afterSeq,
    int limit) {}
