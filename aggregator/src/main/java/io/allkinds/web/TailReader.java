package io.allkinds.web;

import io.allkinds.model.ChangePage;
import io.allkinds.model.ChangeQuery;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.JournalTail;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the journal's tail that many followers share (the live feed's streams, the kube
 * API's watches): after each commit signal it reads the new entries, without bodies, once, in
 * bounded pages on its worker, and hands each page to the follower, which fans it out in memory.
 * When nobody follows it moves on without a read. State lives on one event loop.
 */
public final class TailReader {

  /** Takes the pages the reader reads. */
  @FunctionalInterface
  public interface Follower {
    /** The entries after {@code from} up to {@code to} (matching entries are all in the page). */
    void page(ChangePage page, long from, long to);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TailReader.class);
  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final ChangeQueries changes;
  private final JournalTail tail;
  private final WorkerExecutor worker;
  private final int pageSize;
  private final String name;
  private final BooleanSupplier following;
  private final Follower follower;

  /** Every entry up to here has been handed over. */
  private long position;

  private boolean reading;
  private boolean more;
  private AutoCloseable subscription;

  /**
   * A reader named {@code name} (for the log) of pages of {@code pageSize} entries on {@code
   * worker}, handing them to {@code follower} on {@code context} while {@code following} says
   * anyone listens.
   */
  public TailReader(
      Vertx vertx,
      Context context,
      ChangeQueries changes,
      JournalTail tail,
      WorkerExecutor worker,
      int pageSize,
      String name,
      BooleanSupplier following,
      Follower follower) {
    this.vertx = vertx;
    this.context = context;
    this.changes = changes;
    this.tail = tail;
    this.worker = worker;
    this.pageSize = pageSize;
    this.name = name;
    this.following = following;
    this.follower = follower;
  }

  /** Starts at the journal's head and follows its commit signals. */
  public void start() {
    position = tail.latest();
    subscription = tail.subscribe(seq -> context.runOnContext(v -> wake()));
  }

  /** Stops following the tail. */
  public void stop() {
    try {
      if (subscription != null) {
        subscription.close();
      }
    } catch (Exception ignored) {
      // removing a subscriber cannot fail
    }
  }

  /** The sequence number up to which every entry has been handed over. */
  public long position() {
    return position;
  }

  private void wake() {
    long latest = tail.latest();
    if (latest <= position) {
      return;
    }
    if (reading) {
      more = true;
      return;
    }
    if (!following.getAsBoolean()) {
      position = latest; // nobody to hand entries to
      return;
    }
    reading = true;
    long from = position;
    worker
        .executeBlocking(() -> changes.page(ChangeQuery.all(from, latest, pageSize)), false)
        .onComplete(
            ar -> {
              reading = false;
              if (ar.failed()) {
                LOG.warn(
                    "{}: cannot read the journal tail ({}); retrying",
                    name,
                    ar.cause().getMessage());
                vertx.setTimer(RETRY_MS, id -> wake());
                return;
              }
              ChangePage page = ar.result();
              long to = page.next() != null ? page.next() : Math.max(from, page.through());
              follower.page(page, from, to);
              position = Math.max(position, to);
              boolean again = more || tail.latest() > position;
              more = false;
              if (again) {
                wake();
              }
            });
  }
}
