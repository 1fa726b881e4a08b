package io.allkinds.store;

import javax.sql.DataSource;

/**
 * Answers "why is this one different": one object compared across two clusters or two instants, and
 * every cluster's copy of it grouped by content (fleet drift).
 */
@SuppressWarnings("UnusedVariable") // filled in by the work that answers it
public final class CompareQueries {

  private final DataSource dataSource;
  private final BodyCodec codec;

  public CompareQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.codec = codec;
  }
}
