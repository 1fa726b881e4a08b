package io.allkinds.model;

import java.util.List;

/** One page of an inventory listing and the key to continue after, or null at the end. */
public record ObjectPage(List<ObjectSummary> items, ObjectKey next) {}
