package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The prepared statements of one batch transaction, and the writes queued in their JDBC batches:
 * each statement is prepared once per batch (H2 re-parses SQL that falls out of its small
 * per-session cache), and queued writes run before anything reads the rows they write.
 */
final class BatchStatements {

  /** When a write runs: at once, or queued in its statement's JDBC batch until {@link #flush}. */
  enum Run {
    NOW,
    QUEUED
  }

  private final Connection c;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Set<PreparedStatement> pending = new LinkedHashSet<>();

  /**
   * Objects with writes queued. Queued writes of different objects commute, so watch events queue
   * theirs too; a second change of one object in the batch runs the queue first.
   */
  private final Set<ObjectRef> pendingObjects = new HashSet<>();

  BatchStatements(Connection c) {
    this.c = c;
  }

  /** The batch's statement for {@code sql}, prepared on first use. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Runs the bound statement now, or adds it to its JDBC batch. */
  void run(PreparedStatement ps, Run run) throws SQLException {
    if (run == Run.QUEUED) {
      ps.addBatch();
      pending.add(ps);
    } else {
      ps.executeUpdate();
    }
  }

  /** Takes a statement whose JDBC batch its owner filled, to run at the next {@link #flush}. */
  void queued(PreparedStatement ps) {
    pending.add(ps);
  }

  /** Records that {@code ref} has queued writes. */
  void queuedFor(ObjectRef ref) {
    pendingObjects.add(ref);
  }

  /** Whether {@code ref} has queued writes, which a read of its row must wait for. */
  boolean hasQueued(ObjectRef ref) {
    return pendingObjects.contains(ref);
  }

  /** Runs the queued JDBC batches; called before anything that reads rows they write. */
  void flush() throws SQLException {
    for (PreparedStatement ps : pending) {
      ps.executeBatch();
    }
    pending.clear();
    pendingObjects.clear();
  }

  /** Closes the batch's statements. */
  void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing a statement of a finished transaction cannot lose data
      }
    }
  }
}
