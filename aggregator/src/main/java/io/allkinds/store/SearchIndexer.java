package io.allkinds.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the grams of new search texts to H2's trigram index {@code object_grams}, behind the writer:
 * every second, and in steps of {@link #STEP} objects for as long as there are more, it reads the
 * objects whose search id is above {@code object_grams_head.indexed_to}, inserts their grams in key
 * order and advances the head, all in one transaction. A step writes each index page once for many
 * grams, where the writer's own transactions rewrote a page per gram. Until a step has run, {@link
 * GramSearch} checks the few objects above the head itself (or lets the query scan), so a new
 * object is found by {@code q=} at once. Runs on its own thread, {@code allkinds-search-index}.
 */
public final class SearchIndexer implements AutoCloseable {

  /** Objects indexed in one transaction. */
  static final int STEP = 20_000;

  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
  private static final String HEAD =
      "SELECT indexed_to FROM object_grams_head WHERE id = 1 FOR UPDATE";
  private static final String READ_HEAD = "SELECT indexed_to FROM object_grams_head WHERE id = 1";
  private static final String ADVANCE = "UPDATE object_grams_head SET indexed_to = ? WHERE id = 1";
  private static final String PENDING =
      "SELECT search_id, search_text FROM objects WHERE search_id > ? ORDER BY search_id"
          + " FETCH FIRST "
          + STEP
          + " ROWS ONLY";
  private static final int INSERT_BATCH = 5_000;

  private final DataSource dataSource;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "allkinds-search-index");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong deferrals = new AtomicLong();
  private volatile BooleanSupplier writerBehind = () -> false;
  private volatile long maxDeferralNanos;
  private volatile long lastStepAt;
  private volatile boolean closed;
  private volatile ScheduledFuture<?> task;
  private boolean failing;

  /** Indexes the objects of the store behind {@code dataSource}, an embedded H2 one. */
  public SearchIndexer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Starts indexing every second. While {@code writerBehind} says the store writer has a backlog
   * (an initial sync), a step waits unless the last one is {@code maxDeferral} ago: ingestion has
   * the CPU first, and q= checks the objects not yet indexed itself (or scans) meanwhile.
   */
  public void start(BooleanSupplier writerBehind, Duration maxDeferral) {
    this.writerBehind = writerBehind;
    this.maxDeferralNanos = maxDeferral.toNanos();
    lastStepAt = System.nanoTime();
    task = thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts indexing every second, whatever the writer does. */
  public void start() {
    start(() -> false, Duration.ZERO);
  }

  /** How many times a step waited for the writer's backlog. */
  public long deferrals() {
    return deferrals.get();
  }

  private boolean deferred() {
    return writerBehind.getAsBoolean() && System.nanoTime() - lastStepAt < maxDeferralNanos;
  }

  private void tick() {
    if (deferred()) {
      deferrals.incrementAndGet();
      return;
    }
    catchUpLogged();
    lastStepAt = System.nanoTime();
  }

  /**
   * Stops after the step under way, if any (not interrupted: H2 closes a file whose thread is
   * interrupted during I/O), waiting for it up to 30 s.
   */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
    thread.shutdown();
    if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("store: the search index step did not end within 30 s of the shutdown");
    }
  }

  private void catchUpLogged() {
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      // Between steps it yields to a writer with a backlog, as between ticks.
      long indexed = catchUp(c, () -> closed || writerBehind.getAsBoolean());
      if (failing) {
        failing = false;
        LOG.info("store: the search index is written again");
      }
      if (indexed >= STEP) {
        LOG.info(
            "store: indexed the search text of {} objects for q= in {} ms",
            indexed,
            (System.nanoTime() - started) / 1_000_000);
      }
    } catch (SQLException | RuntimeException e) {
      // Nothing is lost: the objects stay above the head, found by q= without the index, and the
      // next attempt indexes them. Logged once until it works again.
      if (!failing) {
        failing = true;
        LOG.warn(
            "store: cannot write the search index ({}); q= checks the objects not yet indexed"
                + " without it until this works again, retried every second",
            e.toString());
      }
    }
  }

  /** Indexes every object above the head, in steps, until done or stopped; how many it indexed. */
  static long catchUp(Connection c, java.util.function.BooleanSupplier stop) throws SQLException {
    long total = 0;
    int indexed;
    do {
      indexed = step(c);
      total += indexed;
    } while (indexed == STEP && !stop.getAsBoolean());
    return total;
  }

  /** Indexes every object above the head; blocking. */
  static long catchUp(Connection c) throws SQLException {
    return catchUp(c, () -> false);
  }

  /** The search id up to which every object's grams are in the index. */
  static long indexedTo(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(READ_HEAD);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Indexes up to {@link #STEP} objects above the head in one transaction; how many it indexed. */
  static int step(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      long head;
      // Locked: a second indexer (another process on an H2 server) waits and then reads the new
      // head.
      try (PreparedStatement ps = c.prepareStatement(HEAD);
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("object_grams_head has no row: the schema is not at version 6");
        }
        head = rs.getLong(1);
      }
      long[] keys = new long[STEP * 8];
      int n = 0;
      int objects = 0;
      long last = head;
      try (PreparedStatement ps = c.prepareStatement(PENDING)) {
        ps.setLong(1, head);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            last = rs.getLong(1);
            objects++;
            for (int code : SearchGrams.codes(rs.getString(2))) {
              if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
              }
              keys[n++] = SearchGrams.key(code, last);
            }
          }
        }
      }
      if (objects == 0) {
        c.rollback();
        return 0;
      }
      Arrays.sort(keys, 0, n); // in key order, each index page is written once per step
      try (PreparedStatement insert = c.prepareStatement(GramRows.INSERT)) {
        for (int i = 0; i < n; i++) {
          insert.setLong(1, keys[i]);
          insert.addBatch();
          if ((i + 1) % INSERT_BATCH == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      try (PreparedStatement advance = c.prepareStatement(ADVANCE)) {
        advance.setLong(1, last);
        advance.executeUpdate();
      }
      c.commit();
      return objects;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
