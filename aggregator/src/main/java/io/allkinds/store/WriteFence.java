package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Decides, inside a batch transaction that holds the journal head lock, which ops the writer may
 * still apply: with sharding, only those of clusters whose lease this replica holds.
 */
public interface WriteFence {

  /** Every op passes: one aggregator owns every cluster of its store. */
  WriteFence NONE = (c, ops) -> ops;

  /** The ops of {@code batch} this writer may apply now. */
  List<StoreOp> filter(Connection c, List<StoreOp> batch) throws SQLException;
}
