package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.time.Instant;
import javax.sql.DataSource;

/** Applies ops as one committed batch of the writer, without its thread: for store tests. */
final class OneBatch {

  private OneBatch() {}

  /** Applies {@code ops} in one transaction, their entries numbered from {@code nextSeq}. */
  static void apply(DataSource dataSource, long nextSeq, StoreOp... ops) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      BatchApplier applier = new BatchApplier(c, nextSeq, Instant.now(), new FreshLists());
      for (StoreOp op : ops) {
        applier.apply(op);
      }
      applier.finish();
      applier.close();
      c.commit();
    }
  }
}
