package io.allkinds.cluster;

/**
 * Chooses the {@code limit} of each LIST page of one resource type so that a page carries about a
 * byte budget of JSON, never more than the configured page size: small objects come 500 at a time,
 * 200 KB ones about 40. A failed page halves the size until a whole list succeeds again.
 */
final class PageSizer {

  /** The first page of a type whose objects have not been seen yet. */
  static final int FIRST_PAGE = 100;

  private final int maxItems;
  private final long budgetBytes;
  private double averageBytes = -1;
  private int cap;

  PageSizer(int maxItems, long budgetBytes) {
    this.maxItems = Math.max(1, maxItems);
    this.budgetBytes = Math.max(1, budgetBytes);
    this.cap = this.maxItems;
  }

  /** The limit for the next page. */
  synchronized int next() {
    long bySize =
        averageBytes <= 0 ? Math.min(maxItems, FIRST_PAGE) : (long) (budgetBytes / averageBytes);
    return (int) Math.max(1, Math.min(Math.min(bySize, maxItems), cap));
  }

  /** A page of {@code items} objects and {@code bytes} of JSON was read. */
  synchronized void pageRead(int items, long bytes) {
    if (items <= 0) {
      return;
    }
    double average = (double) bytes / items;
    // Weighted towards the newest page, so a type whose objects grew is followed within a page or
    // two.
    averageBytes = averageBytes <= 0 ? average : (averageBytes + 3 * average) / 4;
  }

  /** A page asked with {@code limit} failed: the next ones ask for half as many. */
  synchronized void pageFailed(int limit) {
    cap = Math.max(1, Math.min(cap, limit) / 2);
  }

  /** A whole list succeeded: a size halved by failures may double again. */
  synchronized void listSucceeded() {
    cap = cap >= maxItems / 2 ? maxItems : cap * 2;
  }

  /** The average object size seen, in bytes (negative before the first page). */
  synchronized double averageBytes() {
    return averageBytes;
  }
}
