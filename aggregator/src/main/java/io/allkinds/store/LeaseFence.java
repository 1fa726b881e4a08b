package io.allkinds.store;

import io.allkinds.model.StoreOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write fence of a sharded replica: inside the batch transaction, the writer applies only ops
 * of clusters whose lease this replica holds, and drops the others (their new owner reads them from
 * the cluster).
 */
final class LeaseFence implements WriteFence {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);

  private final String owner;

  /** The fence of the replica {@code owner}. */
  LeaseFence(String owner) {
    this.owner = owner;
  }

  @Override
  public List<StoreOp> filter(Connection c, List<StoreOp> batch) throws SQLException {
    Set<String> held = LeaseRows.held(c, Leases.CLUSTER, owner, LeaseRows.now(c));
    List<StoreOp> allowed = new ArrayList<>(batch.size());
    Map<String, Integer> dropped = new LinkedHashMap<>();
    for (StoreOp op : batch) {
      if (held.contains(op.cluster())) {
        allowed.add(op);
      } else {
        dropped.merge(op.cluster(), 1, Integer::sum);
      }
    }
    dropped.forEach(
        (cluster, n) ->
            LOG.warn(
                "cluster={} store writer: this replica ({}) no longer holds the"
                    + " cluster's lease; dropped {} queued changes (the new owner reads them from the cluster)",
                cluster,
                owner,
                n));
    return allowed;
  }
}
