package io.allkinds.model;

import java.time.Instant;

/**
 * A relationships question: the neighbourhood of {@code object}, now ({@code asOf} null) or as of
 * an instant, with descendants down to {@code depth} levels of ownership.
 */
public record RelationQuery(ObjectName object, Instant asOf, int depth) {}
