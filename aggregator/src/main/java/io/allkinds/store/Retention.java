package io.allkinds.store;

import io.allkinds.config.RetentionConfig;
import io.allkinds.model.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes the journal by age, by entry count and by the store's disk budget ({@link ByteBudget}),
 * drops deleted objects older than the age limit from the inventory, then compacts an embedded H2
 * file ({@link H2Compaction}) and measures the store's size ({@link StoreSize}). Works in small
 * transactions of a few hundred rows, so the writer is never held up; live objects' latest state is
 * never touched.
 */
public final class Retention {

  /**
   * What one pass removed (journal entries, of which {@code overBudget} for the disk budget, and
   * deleted objects) and the store's size after it, in bytes (-1 if unknown).
   */
  public record Result(long journalEntries, long overBudget, long deletedObjects, long bytes) {}

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  static final int BATCH = 500;

  private final DataSource dataSource;
  private final RetentionConfig config;
  private final Clock clock;
  private final StoreSize size;
  private final ByteBudget budget;
  private final CompactionTrigger compaction;
  private final SinkFloor sinks;

  /**
   * Retention that keeps its store's size in {@code size}, compacts through {@code compaction},
   * which the periodic compaction shares so that the two never compact at once, and waits for the
   * sinks as {@code sinks} says (the disk budget does not wait: it skips what it must).
   */
  public Retention(
      DataSource dataSource,
      RetentionConfig config,
      Clock clock,
      StoreSize size,
      CompactionTrigger compaction,
      SinkFloor sinks) {
    this.dataSource = dataSource;
    this.config = config;
    this.clock = clock;
    this.size = size;
    this.budget = new ByteBudget(config.maxBytes(), size, sinks);
    this.compaction = compaction;
    this.sinks = sinks;
  }

  /** Retention without sinks. */
  public Retention(
      DataSource dataSource,
      RetentionConfig config,
      Clock clock,
      StoreSize size,
      CompactionTrigger compaction) {
    this(dataSource, config, clock, size, compaction, SinkFloor.NONE);
  }

  /** Retention that keeps its store's size in {@code size}, with a compaction of its own. */
  public Retention(DataSource dataSource, RetentionConfig config, Clock clock, StoreSize size) {
    this(dataSource, config, clock, size, new CompactionTrigger(dataSource));
  }

  public Retention(DataSource dataSource, RetentionConfig config, Clock clock) {
    this(dataSource, config, clock, new StoreSize(dataSource, config.maxBytes()));
  }

  /** One pass; blocking, call it on a worker. */
  public Result prune() {
    Instant cutoff = clock.instant().minus(config.maxAge());
    try (Connection c = dataSource.getConnection()) {
      long upTo = JournalClock.lastSeqBefore(c, cutoff, false);
      if (config.maxJournalEntries() > 0) {
        upTo = Math.max(upTo, excessBoundary(c, config.maxJournalEntries()));
      }
      upTo = sinks.clamp(c, upTo);
      long journal = 0;
      if (upTo > 0) {
        sinks.skipUpTo(c, upTo);
        journal = pruneJournal(c, upTo);
      }
      long objects = pruneDeletedObjects(c, cutoff);
      if (journal > 0 || objects > 0) {
        LOG.info(
            "retention: pruned {} journal entries (up to seq {}) and {} deleted objects older than {}",
            journal,
            upTo,
            objects,
            cutoff);
      }
      long overBudget = budget.enforce(c);
      // A periodic compaction that is running now does the same work: no need to wait for it.
      H2Compaction.Result compacted = compaction.compactNow(c);
      if (compacted != null && compacted.after() < compacted.before()) {
        LOG.info(
            "retention: compacted the H2 file from {} to {} bytes",
            compacted.before(),
            compacted.after());
      }
      return new Result(journal + overBudget, overBudget, objects, size.measure(c));
    } catch (SQLException e) {
      throw new StoreException("retention pass failed: " + e.getMessage(), e);
    }
  }

  /** The seq up to which entries exceed the limit, or 0. */
  private static long excessBoundary(Connection c, long max) throws SQLException {
    long count;
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM journal");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      count = rs.getLong(1);
    }
    if (count <= max) {
      return 0;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq FROM journal ORDER BY seq OFFSET ? ROWS" + " FETCH FIRST 1 ROWS ONLY")) {
      ps.setLong(1, count - max - 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * Deletes the entries up to {@code upTo}, oldest first, {@link #BATCH} per transaction, and the
   * relationships that ended within them (the graph as of a pruned entry cannot be asked).
   */
  static long pruneJournal(Connection c, long upTo) throws SQLException {
    long removed = 0;
    try (PreparedStatement next =
            c.prepareStatement(
                "SELECT seq FROM journal WHERE seq <= ? ORDER BY seq"
                    + " OFFSET "
                    + (BATCH - 1)
                    + " ROWS FETCH FIRST 1 ROWS ONLY");
        PreparedStatement delete = c.prepareStatement("DELETE FROM journal WHERE seq <= ?")) {
      while (true) {
        next.setLong(1, upTo);
        long bound;
        try (ResultSet rs = next.executeQuery()) {
          bound = rs.next() ? rs.getLong(1) : upTo;
        }
        delete.setLong(1, bound);
        int n = delete.executeUpdate(); // autocommit: one short transaction per batch
        removed += n;
        if (bound >= upTo || n == 0) {
          pruneEdges(c, upTo);
          return removed;
        }
      }
    }
  }

  /**
   * Deletes the relationships that ended at or before {@code upTo}, once per pass: a scan of the
   * set table, which has no index on {@code to_seq} (every live set would be a NULL in it, and each
   * index costs the writer an insert per set), then their targets.
   */
  private static void pruneEdges(Connection c, long upTo) throws SQLException {
    for (String sql : List.of(EdgeRows.PRUNE_TARGETS, EdgeRows.PRUNE_SETS)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, upTo);
        ps.executeUpdate();
      }
    }
  }

  /** A deleted object to drop, with what names its grams. */
  private record Found(ObjectKey key, Long searchId, String searchText) {}

  private static long pruneDeletedObjects(Connection c, Instant cutoff) throws SQLException {
    long removed = 0;
    try (PreparedStatement find =
            c.prepareStatement(
                "SELECT cluster, api_group, resource, namespace, name, search_id, search_text"
                    + " FROM objects"
                    + " WHERE deleted = TRUE AND observed_at < ? FETCH FIRST "
                    + BATCH
                    + " ROWS ONLY");
        PreparedStatement labels = c.prepareStatement(LabelRows.DELETE);
        // Only the row found: one re-created meanwhile, or given new labels, keeps its own.
        PreparedStatement objects =
            c.prepareStatement(
                "DELETE FROM objects"
                    + ObjectKeySql.WHERE
                    + " AND deleted = TRUE AND COALESCE(search_id, 0) = ?");
        PreparedStatement grams = c.prepareStatement(GramRows.DELETE)) {
      boolean keepsGrams = GramRows.kept(c);
      while (true) {
        find.setObject(1, SqlTime.of(cutoff));
        List<Found> keys = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            keys.add(new Found(Rows.key(rs), rs.getObject(6, Long.class), rs.getString(7)));
          }
        }
        if (keys.isEmpty()) {
          return removed;
        }
        c.setAutoCommit(false);
        try {
          for (Found f : keys) {
            long searchId = f.searchId() == null ? 0L : f.searchId();
            int i = ObjectKeySql.bind(objects, 1, f.key());
            objects.setLong(i, searchId);
            // The labels and grams go with the row, and only then: they name it by its search id.
            if (objects.executeUpdate() == 1 && f.searchId() != null) {
              labels.setLong(1, searchId);
              labels.executeUpdate();
              if (keepsGrams) {
                GramRows.add(grams, searchId, f.searchText());
                grams.executeBatch();
              }
            }
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
        removed += keys.size();
      }
    }
  }
}
