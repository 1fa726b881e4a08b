package io.allkinds.model;

import java.util.Map;

/** How many live objects share the values of the grouping dimensions (e.g. cluster and kind). */
public record CountRow(Map<String, String> dimensions, long objects) {}
