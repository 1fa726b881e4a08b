package io.allkinds.store;

import javax.sql.DataSource;

/**
 * Answers "what does it belong to, what belongs to it": an object's neighbourhood in the graph of
 * the relationships objects state, now or as of an instant.
 */
@SuppressWarnings("UnusedVariable") // filled in by the work that answers it
public final class RelationQueries {

  private final DataSource dataSource;
  private final BodyCodec codec;

  public RelationQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.codec = codec;
  }
}
