package io.allkinds.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an embedded H2 store's committed transactions in its file at once. H2 writes commits to the
 * file in the background, up to 500 ms later, and a crash (or a failed write, on a full disk)
 * before that loses them; a {@code CHECKPOINT} writes them now. On PostgreSQL a commit is already
 * durable, and an H2 user without admin rights may not checkpoint: both make this a no-op.
 */
final class FileFlush {

  private static final Logger LOG = LoggerFactory.getLogger(FileFlush.class);

  /** H2's NOT_ENOUGH_RIGHTS_FOR_1. */
  private static final int H2_NOT_ENOUGH_RIGHTS = 90096;

  /** Does nothing: for stores whose commits are durable by themselves. */
  static final FileFlush NONE = new FileFlush(false);

  private final boolean checkpoints;

  private FileFlush(boolean checkpoints) {
    this.checkpoints = checkpoints;
  }

  /**
   * What the store behind {@code c} needs: a checkpoint after each commit on H2 (trying one now),
   * nothing elsewhere; {@code who} names the caller in the warning an H2 user without admin rights
   * gets.
   */
  static FileFlush probe(Connection c, String who) throws SQLException {
    if (!StoreSize.isH2(c)) {
      return NONE;
    }
    try (Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
      return new FileFlush(true);
    } catch (SQLException e) {
      if (e.getErrorCode() != H2_NOT_ENOUGH_RIGHTS) {
        throw e;
      }
      LOG.warn(
          "{}: the H2 user is no admin and cannot CHECKPOINT; a commit reaches the file up to 0.5 s"
              + " later, and a crash or a failed background write (a full disk) can lose the last"
              + " ones",
          who);
      return NONE;
    }
  }

  /** Writes what was committed on {@code c} (and on every other connection) to the file now. */
  void afterCommit(Connection c) throws SQLException {
    if (checkpoints) {
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
    }
  }
}
