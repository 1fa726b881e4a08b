package io.allkinds.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when an embedded H2 file is worth compacting, beside ingestion and independent of
 * retention: when the file is over a floor and less than a share of it is live (from H2's fill
 * rates), it runs {@link H2Compaction}. Retention's compaction goes through it too, so that never
 * two compactions run at once. After a compaction the next waits a while or until the file grew by
 * a quarter (see {@link #holdBack}).
 */
public final class CompactionTrigger {

  /** What one check saw: the file's size before and after, in bytes, and the live share before. */
  public record Check(long before, long after, int livePercent, boolean compacted) {}

  /** Files under this size are never compacted by a check: the gain is not worth a pause. */
  public static final long DEFAULT_FLOOR_BYTES = 32L << 20;

  /** A check compacts a file of which less than this share, in percent, is live. */
  public static final int DEFAULT_MIN_LIVE_PERCENT = 65;

  private static final Logger LOG = LoggerFactory.getLogger(CompactionTrigger.class);
  private static final Duration BUDGET = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final long floorBytes;
  private final int minLivePercent;
  private final H2Compaction compaction;
  private final ReentrantLock running = new ReentrantLock();
  private final AtomicLong compactions = new AtomicLong();

  /** How long a compaction that gave space back holds back the next one. */
  static final Duration QUIET = Duration.ofMinutes(10);

  /** How long a compaction that neither gave back nor freed anything holds back the next one. */
  static final Duration AFTER_FRUITLESS = Duration.ofMinutes(2);

  // After a compaction that holds the next back: no other until the file is this large or the
  // time (System.nanoTime) has come.
  private volatile long quietBelow;
  private volatile long quietUntil;
  private volatile boolean stopped;

  /** A trigger with the default floor and live share, compacting for at most 10 s at a time. */
  public CompactionTrigger(DataSource dataSource) {
    this(dataSource, DEFAULT_FLOOR_BYTES, DEFAULT_MIN_LIVE_PERCENT, new H2Compaction(BUDGET));
  }

  CompactionTrigger(
      DataSource dataSource, long floorBytes, int minLivePercent, H2Compaction compaction) {
    this.dataSource = dataSource;
    this.floorBytes = floorBytes;
    this.minLivePercent = minLivePercent;
    this.compaction = compaction;
  }

  /**
   * Measures the file and compacts it if it is over the floor and too little of it is live; answers
   * null for a store that is not an embedded H2 file, or while another compaction runs. Blocking:
   * call it on a worker.
   */
  public Check check() {
    try (Connection c = dataSource.getConnection()) {
      return check(c);
    } catch (SQLException e) {
      throw new StoreException("cannot compact the store: " + e.getMessage(), e);
    }
  }

  Check check(Connection c) throws SQLException {
    if (stopped || !StoreSize.isH2(c) || !running.tryLock()) {
      return null;
    }
    try {
      long file = H2Compaction.fileSize(c);
      if (file < 0) {
        return null;
      }
      long live = StoreSize.h2LiveBytes(c);
      int livePercent = file == 0 ? 100 : (int) Math.min(100, live * 100 / file);
      boolean quiet = file < quietBelow && System.nanoTime() - quietUntil < 0;
      if (file < floorBytes || livePercent >= minLivePercent || quiet) {
        return new Check(file, file, livePercent, false);
      }
      H2Compaction.Result r = compactLocked(c);
      LOG.info(
          "store: compacted the H2 file ({}% live) from {} to {} bytes in {} steps; free space"
              + " between chunks {}% -> {}%",
          livePercent, r.before(), r.after(), r.steps(), r.holesBefore(), r.holesAfter());
      return new Check(r.before(), r.after(), livePercent, true);
    } finally {
      running.unlock();
    }
  }

  /**
   * Compacts now whatever the file's fill, unless another compaction runs (then null, as for a
   * store that is not an embedded H2 file). Blocking.
   */
  public H2Compaction.Result compactNow(Connection c) throws SQLException {
    if (stopped || !running.tryLock()) {
      return null;
    }
    try {
      return compactLocked(c);
    } finally {
      running.unlock();
    }
  }

  private H2Compaction.Result compactLocked(Connection c) throws SQLException {
    H2Compaction.Result r = compaction.compact(c, () -> stopped);
    if (r != null) {
      compactions.incrementAndGet();
      Duration wait = holdBack(r);
      quietBelow = wait.isZero() ? 0 : r.after() + r.after() / 4;
      quietUntil = System.nanoTime() + wait.toNanos();
    }
    return r;
  }

  /**
   * How long this compaction holds the next one back (unless the file grows by a quarter first):
   * none when it opened holes but gave back less than a tenth of the file (it ran out of steps
   * before the moves reached the file's end, as right after a large sync); {@link #AFTER_FRUITLESS}
   * when it neither gave back nor freed anything (open transactions, such as the q= indexer's
   * catching up after a sync, still used the dead chunks); {@link #QUIET} after one that did its
   * work, so that steady churn, which keeps H2's fill rates low, does not compact every minute.
   */
  static Duration holdBack(H2Compaction.Result r) {
    boolean gaveBack = r.before() - r.after() >= r.before() / 10;
    if (gaveBack) {
      return QUIET;
    }
    return r.holesAfter() > r.holesBefore() ? Duration.ZERO : AFTER_FRUITLESS;
  }

  /**
   * Stops a compaction under way after its current step and waits for it (up to {@code wait}); no
   * check compacts afterwards. For shutdown, before the store closes.
   */
  public void close(Duration wait) throws InterruptedException {
    stopped = true;
    if (running.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      running.unlock();
    } else {
      LOG.warn("store: a compaction did not stop within {} of the shutdown", wait);
    }
  }

  /** How many compactions ran, by checks and by retention. */
  public long compactions() {
    return compactions.get();
  }
}
