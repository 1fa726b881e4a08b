package io.allkinds.kubeapi;

import io.allkinds.model.JournalEntry;
import io.allkinds.model.ObjectCursor;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open watch: it writes its initial events (when it opens with them), then every change to its
 * objects after its position in the journal, reading in bounded batches (one at a time) on the
 * watches' own worker pool and never while its client's write queue is full. Its state lives on the
 * web verticle's event loop.
 */
final class KubeWatch {

  private static final Logger LOG = LoggerFactory.getLogger(KubeWatch.class);
  private static final long BOOKMARK_MS = 60_000;

  /** A client whose write queue stays full this long is disconnected; it watches again. */
  private static final long STUCK_MS = 120_000;

  private final Vertx vertx;
  private final WatchOutput out;
  private final WatchPlan plan;
  private final WatchReads reads;
  private final WorkerExecutor reader;
  private final Consumer<KubeWatch> onClose;

  /** Every event up to this journal sequence number has been written. */
  private long cursor;

  /** Entries up to here may hold events of this watch. */
  private long target;

  private boolean listing;
  private ObjectCursor listedUpTo;
  private boolean querying;
  private boolean closed;
  private long fullSince;
  private long lastWrite = System.currentTimeMillis();
  private long timeout = -1;

  KubeWatch(
      Vertx vertx,
      WatchOutput out,
      WatchPlan plan,
      WatchReads reads,
      WorkerExecutor reader,
      long target,
      Consumer<KubeWatch> onClose) {
    this.vertx = vertx;
    this.out = out;
    this.plan = plan;
    this.reads = reads;
    this.reader = reader;
    this.cursor = plan.start();
    this.target = target;
    this.listing = plan.params().watch().listsFirst();
    this.onClose = onClose;
  }

  /** Sends the answer's head and starts writing events. */
  void start() {
    out.onClose(this::close);
    out.begin();
    if (plan.expired() != null) {
      write(List.of(WatchEvents.error(plan.expired())));
      finish();
      return;
    }
    timeout = vertx.setTimer(plan.params().watch().timeout().toMillis(), id -> finish());
    pump();
  }

  /**
   * Entries the shared tail reader read after {@code from} up to {@code to}: a watch at {@code
   * from} that none of them concerns moves past them without a read of its own.
   */
  void tailed(List<JournalEntry> entries, long from, long to) {
    if (closed) {
      return;
    }
    if (!querying && !listing && cursor >= from && entries.stream().noneMatch(plan::mayMatch)) {
      cursor = Math.max(cursor, to);
      return;
    }
    target = Math.max(target, to);
    pump();
  }

  /** Every few seconds: a BOOKMARK when one is due, and the end of a client that reads nothing. */
  void tick(long now) {
    if (closed) {
      return;
    }
    if (out.full()) {
      if (fullSince > 0 && now - fullSince > STUCK_MS) {
        LOG.info(
            "cluster {}: a watch of {} read nothing for {} s; disconnected (it watches again)",
            cluster(),
            plan.type().resource(),
            STUCK_MS / 1000);
        close();
      }
      return;
    }
    if (plan.params().watch().bookmarks()
        && !listing
        && !querying
        && cursor >= target
        && now - lastWrite >= BOOKMARK_MS) {
      write(List.of(new WatchEvents(plan.type(), null).bookmark(cursor, false)));
    }
  }

  private void pump() {
    if (closed || querying) {
      return;
    }
    if (out.full()) {
      if (fullSince == 0) {
        fullSince = System.currentTimeMillis();
      }
      out.onDrain(this::pump);
      return;
    }
    fullSince = 0;
    if (listing) {
      ObjectCursor after = listedUpTo;
      read(() -> reads.initial(plan, after));
    } else if (cursor < target) {
      long from = cursor;
      read(() -> reads.changes(plan, from));
    }
  }

  private void read(Callable<WatchReads.Batch> work) {
    querying = true;
    long targetAtStart = target;
    reader
        .executeBlocking(work, false)
        .onComplete(
            ar -> {
              querying = false;
              if (closed) {
                return;
              }
              if (ar.failed()) {
                failed(ar.cause());
                return;
              }
              WatchReads.Batch batch = ar.result();
              write(batch.events());
              if (batch.end()) {
                finish();
                return;
              }
              if (listing) {
                listedUpTo = batch.next();
                listing = batch.next() != null;
              } else {
                cursor = Math.max(cursor, batch.cursor());
                if (batch.atHead() && target == targetAtStart) {
                  // The journal as read ends before the target the tail signalled: nothing more
                  // to read until the next signal (one that came during the read raised target).
                  target = Math.min(target, cursor);
                }
              }
              pump();
            });
  }

  private void failed(Throwable cause) {
    LOG.warn(
        "cluster {}: a watch of {} cannot read the store ({}); ended with an error event",
        cluster(),
        plan.type().resource(),
        cause.toString());
    write(List.of(WatchEvents.error(KubeStatus.storeFailure(cause))));
    finish();
  }

  /** The watch's cluster for a log line: its name, or "(fleet)" under the fleet root. */
  private String cluster() {
    return plan.path().fleet() ? "(fleet)" : plan.path().cluster();
  }

  private void write(List<Buffer> events) {
    if (events.isEmpty()) {
      return;
    }
    events.forEach(out::write);
    lastWrite = System.currentTimeMillis();
  }

  /** Ends the answer as kube-apiserver ends a watch at its timeout: the client watches again. */
  private void finish() {
    if (!closed) {
      out.end();
    }
    close();
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timeout);
    out.abort();
    onClose.accept(this);
  }
}
