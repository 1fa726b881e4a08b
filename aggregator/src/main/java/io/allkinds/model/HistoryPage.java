package io.allkinds.model;

import java.util.List;

/**
 * A page of one object's journal, oldest first, with the object as it was just before the page
 * (null on the first page) so that the first entry's patch can be computed; {@code next} continues.
 */
public record HistoryPage(List<JournalEntry> items, String previousObjectJson, Long next) {}
