package io.allkinds.model;

/**
 * One cluster's copy of an object, as compared: live or as it was at an instant, with its
 * resourceVersion, the journal sequence number of the change that made it, and its body as JSON
 * (inflated).
 */
// The body is handed on to be normalized and never compared as a record component.
@SuppressWarnings("ArrayRecordComponent")
public record CompareCopy(String cluster, String resourceVersion, long seq, byte[] body) {}
