package io.allkinds.model;

import java.time.Instant;

/**
 * What changed between two instants: the objects whose journal entries fall in the window ({@code
 * from}, {@code to}], narrowed by {@code filters} (clusters, group, version, kind, namespace,
 * changed paths, manager; its other fields are ignored), up to {@code limit} objects a page, from
 * {@code cursor} (null for the first page).
 */
public record DiffQuery(
    ChangeQuery filters, Instant from, Instant to, int limit, DiffCursor cursor) {}
