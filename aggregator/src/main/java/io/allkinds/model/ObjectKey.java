package io.allkinds.model;

/**
 * The stored identity of an object: cluster, group, plural resource, namespace ('' when
 * cluster-scoped), name.
 */
public record ObjectKey(
    String cluster, String group, String resource, String namespace, String name) {}
