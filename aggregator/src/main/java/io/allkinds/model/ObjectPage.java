package io.allkinds.model;

import java.util.List;

/** One page of an inventory listing and where to continue, or null at the end. */
public record ObjectPage(List<ObjectSummary> items, ObjectCursor next) {}
