package io.allkinds.model;

import java.util.List;

/**
 * A page of a window's diff: the window as sequence numbers ({@code fromSeq}, {@code toSeq}], the
 * objects whose last entry in the window comes next in sequence order, and where the next page
 * starts (null at the window's end). A page may be short, or empty, and still have a next: each
 * request scans a bounded part of the window.
 */
public record DiffPage(long fromSeq, long toSeq, List<DiffItem> items, DiffCursor next) {

  public DiffPage {
    items = List.copyOf(items);
  }
}
