package io.allkinds.store;

import javax.sql.DataSource;

/**
 * Answers "what changed between two instants": the objects added, deleted and modified in a window
 * of the journal, each once, with the paths it changed and who changed it.
 */
@SuppressWarnings("UnusedVariable") // filled in by the work that answers it
public final class DiffQueries {

  private final DataSource dataSource;
  private final BodyCodec codec;

  public DiffQueries(DataSource dataSource, BodyCodec codec) {
    this.dataSource = dataSource;
    this.codec = codec;
  }
}
