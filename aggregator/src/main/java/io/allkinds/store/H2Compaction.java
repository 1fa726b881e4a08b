package io.allkinds.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks an embedded H2 file while the store runs, in short steps. H2 reuses freed space but never
 * gives it back by itself while open (its background housekeeping only rewrites sparse chunks, and
 * {@code SHUTDOWN COMPACT} is offline), so each step rewrites the live data of sparse chunks (at
 * most {@link #REWRITE_BYTES}) and then moves chunks from the end of the file into the holes and
 * truncates it (at most {@link #MOVE_BYTES} per step). Both hold the store's lock only for their
 * step; commits of the writer need it only to flush, so a step delays them by at most that long.
 * Other stores (PostgreSQL, H2 over TCP) are left alone.
 */
public final class H2Compaction {

  /**
   * What one compaction did: the file's size before and after, in bytes, in how many steps, and the
   * share of the file (in percent) that was free space between chunks before and after.
   */
  public record Result(long before, long after, int steps, int holesBefore, int holesAfter) {}

  /** Live data one step rewrites out of sparse chunks, holding the store's lock meanwhile. */
  static final int REWRITE_BYTES = 4 << 20;

  /**
   * Chunks one step moves from the end of the file into holes. A chunk larger than this is never
   * moved: H2 writes chunks of up to 16 MB when it rewrites, so less would leave the file's end in
   * place.
   */
  static final long MOVE_BYTES = 32L << 20;

  private static final int IDLE_STEPS = 3;

  /** Room a compaction leaves on the disk besides the live data it rewrites. */
  static final long FREE_MARGIN_BYTES = 64L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);

  private final Duration budget;

  /** Compacts for at most {@code budget} per call. */
  public H2Compaction(Duration budget) {
    this.budget = budget;
  }

  /**
   * Compacts the store behind {@code c} until its steps neither shrink the file nor open holes, or
   * the time budget is spent; answers null for a store that is not an embedded H2 file. Blocking.
   */
  public Result compact(Connection c) throws SQLException {
    return compact(c, () -> false);
  }

  /** As {@link #compact(Connection)}, stopping after the step under way once {@code stop} says. */
  public Result compact(Connection c, BooleanSupplier stop) throws SQLException {
    MVStore store = mvStore(c);
    if (store == null || !(store.getFileStore() instanceof RandomAccessStore file)) {
      return null;
    }
    long before = file.size();
    int holesBefore = 100 - store.getFillRate();
    // A compaction writes the live chunks anew before it frees the old ones, with the retention
    // time at 0: on a disk that fills meanwhile, H2 would close the file in the middle of that.
    // Without room for the live data and a margin, it waits for space (retention frees it).
    long live = before * store.getFillRate() / 100;
    long usable = usableSpace(file.getFileName());
    if (usable >= 0 && usable < live + FREE_MARGIN_BYTES) {
      LOG.info(
          "store: the H2 file is not compacted: {} bytes free on its disk, {} bytes of live data"
              + " to rewrite",
          usable,
          live);
      return new Result(before, before, 0, holesBefore, holesBefore);
    }
    long deadline = System.nanoTime() + budget.toNanos();
    int retention = store.getRetentionTime();
    int steps = 0;
    try {
      // Chunks emptied by a rewrite are dropped at once and their space filled by the next move,
      // as H2 does when it compacts on close; restored once done.
      store.setRetentionTime(0);
      // A step rewrites the live pages of sparse chunks to a new chunk at the end (the file may
      // grow), which empties them into holes; a move then fills holes with chunks from the end and
      // truncates what it freed. Measured on a file a 30,000-object sync left (27% live): three
      // to four steps per shrink, 60 ms to 1 s each. Give up after steps that neither shrank the
      // file nor opened holes.
      for (int idle = 0;
          idle < IDLE_STEPS && System.nanoTime() < deadline && !stop.getAsBoolean();
          steps++) {
        long start = file.size();
        int fill = store.getFillRate();
        store.compact(100, REWRITE_BYTES);
        store.commit();
        file.compactMoveChunks(100, MOVE_BYTES, store);
        // Each step's writes go to the disk with it. Left to the kernel, a whole pass's writes
        // (hundreds of MB after a sync) were flushed by the writer's next durable commit instead,
        // which then held every live feed for 0.9 to 1.3 s.
        store.sync();
        boolean progress = file.size() < start || store.getFillRate() < fill;
        idle = progress ? 0 : idle + 1;
      }
    } finally {
      store.setRetentionTime(retention);
    }
    return new Result(before, file.size(), steps, holesBefore, 100 - store.getFillRate());
  }

  /** The bytes free for this process on the disk of {@code fileName}, or -1 if unknown. */
  private static long usableSpace(String fileName) {
    try {
      return Files.getFileStore(Path.of(fileName)).getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The size in bytes of the embedded H2 file behind {@code c}, or -1 for any other store (H2 in
   * memory or over TCP, PostgreSQL).
   */
  static long fileSize(Connection c) throws SQLException {
    MVStore store = mvStore(c);
    return store != null && store.getFileStore() instanceof RandomAccessStore file
        ? file.size()
        : -1;
  }

  private static MVStore mvStore(Connection c) throws SQLException {
    if (!c.isWrapperFor(JdbcConnection.class)) {
      return null;
    }
    Session session = c.unwrap(JdbcConnection.class).getSession();
    if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
      return null;
    }
    FileStore<?> fs = local.getDatabase().getStore().getMvStore().getFileStore();
    return fs == null ? null : local.getDatabase().getStore().getMvStore();
  }
}
