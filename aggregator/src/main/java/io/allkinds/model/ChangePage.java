package io.allkinds.model;

import java.util.List;

/**
 * A slice of the journal: every matching entry up to sequence number {@code through} is in {@code
 * items} (or was before the slice); {@code next} is where the next request starts, or null when the
 * slice reached the journal's end. A page may be short, or empty, and still have a {@code next}:
 * each request scans only a bounded window of the journal.
 */
public record ChangePage(List<JournalEntry> items, long through, Long next) {

  public ChangePage {
    items = List.copyOf(items);
  }
}
