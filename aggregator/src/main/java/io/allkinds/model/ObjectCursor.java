package io.allkinds.model;

/**
 * Where the next page of a listing starts: after this object (its key, and its last change's seq).
 */
public record ObjectCursor(ObjectKey key, long seq) {}
